package dev.mailfs.imap;

import dev.mailfs.credentials.Secret;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.Quota;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IMAP account as a {@link MailSource}, over Angus Mail. Each method is done by the class that
 * owns it: {@link ImapConnection} (the connections, reconnect-and-retry, server health, watches),
 * {@link FolderSync} (folder list and listings), {@link MessageReader}, {@link ServerSearch},
 * {@link MessageChanges} (move, expunge, append, flags, labels) and {@link FolderChanges} (create,
 * delete, rename).
 */
public final class ImapMailSource implements MailSource {
    private final ImapConnection connection;
    private final FolderSync folders;
    private final MessageReader reader;
    private final ServerSearch search;
    private final MessageChanges messageChanges;
    private final FolderChanges folderChanges;

    private ImapMailSource(ImapConnection connection) {
        this.connection = connection;
        this.folders = new FolderSync(connection);
        this.reader = new MessageReader(connection);
        this.search = new ServerSearch(connection, folders);
        this.messageChanges = new MessageChanges(connection, folders);
        this.folderChanges = new FolderChanges(connection);
    }

    /**
     * Connects and logs in, so that a wrong password or an unreachable server shows at once. A server
     * that offers Gmail's extension is logged in to again through Angus's gimap provider.
     */
    public static ImapMailSource connect(ImapSettings settings, Secret secret) {
        return new ImapMailSource(ImapConnection.open(settings, secret));
    }

    /** Gmail: folders are labels of one store of messages, each message known by its X-GM-MSGID. */
    @Override
    public boolean hasLabels() {
        return connection.isGmail();
    }

    /** Whether the server has MOVE (RFC 6851); false while it cannot be asked. */
    @Override
    public boolean movesAtomically() {
        return messageChanges.movesAtomically();
    }

    @Override
    public String personalPrefix() {
        return folders.personalPrefix();
    }

    @Override
    public Optional<Quota> quota() {
        return connection.withStore("the quota", () -> StorageQuota.of(connection.store()));
    }

    @Override
    public LinkedHashMap<String, String> statistics() {
        return connection.statistics();
    }

    @Override
    public List<FolderInfo> listFolders() {
        return folders.listFolders();
    }

    @Override
    public Optional<FolderState> folderState(String folderName) {
        return Optional.of(folders.folderState(folderName));
    }

    @Override
    public FolderListing listMessages(String folderName) {
        return folders.listMessages(folderName);
    }

    @Override
    public FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        return folders.listChanges(known, knownState, flagsChanged);
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        return reader.readBody(message, offset, length);
    }

    @Override
    public Map<Long, byte[]> readBodyStarts(String folderName, long uidValidity, List<Long> uids, int length) {
        return reader.readBodyStarts(folderName, uidValidity, uids, length);
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return reader.readStructure(message);
    }

    @Override
    public Map<Long, BodyPart> readStructures(String folderName, long uidValidity, List<Long> uids) {
        return reader.readStructures(folderName, uidValidity, uids);
    }

    @Override
    public byte[] readSection(MessageRef message, String section) {
        return reader.readSection(message, section);
    }

    @Override
    public byte[] readSection(MessageRef message, String section, long offset, int length) {
        return reader.readSection(message, section, offset, length);
    }

    @Override
    public boolean reportsExactSizes(MessageRef message) {
        return folders.reportsExactSizes(message);
    }

    @Override
    public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        return search.search(query, mailbox);
    }

    @Override
    public Optional<Long> move(MessageRef message, String toFolder) {
        return messageChanges.move(message, toFolder);
    }

    @Override
    public BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        return messageChanges.moveAll(messages, toFolder);
    }

    @Override
    public BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        return messageChanges.removeLabelAll(messages, label);
    }

    @Override
    public BatchOutcome expungeAll(List<MessageRef> messages) {
        return messageChanges.expungeAll(messages);
    }

    @Override
    public void expunge(MessageRef message) {
        messageChanges.expunge(message);
    }

    @Override
    public Optional<MessageRef> append(String folderName, Path rfc822, Set<String> flags, Instant internalDate) {
        return messageChanges.append(folderName, rfc822, flags, internalDate);
    }

    @Override
    public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        messageChanges.changeLabels(message, add, remove);
    }

    @Override
    public void setFlags(MessageRef message, Set<String> flags) {
        messageChanges.setFlags(message, flags);
    }

    @Override
    public void createFolder(String name) {
        folderChanges.createFolder(name);
    }

    @Override
    public void deleteFolder(String name) {
        folderChanges.deleteFolder(name);
    }

    @Override
    public void renameFolder(String from, String to) {
        folderChanges.renameFolder(from, to);
    }

    @Override
    public void reopen(String folder) {
        connection.discardOpenFolders(folder, (char) 0);
    }

    @Override
    public WatchedFolder watch(String folder, FolderWatcher watcher) {
        return connection.watch(folder, watcher);
    }

    @Override
    public void close() {
        connection.close();
    }
}
