package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * The IMAP account over Angus Mail: one store connection for LIST, a bounded pool of folders opened
 * read-only for fetches, and one reconnect-and-retry when a connection turns out to be broken.
 */
public final class ImapMailSource implements MailSource {
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());
    private static final int ATTEMPTS = 2;

    private final ImapSettings settings;
    private final char[] password;
    private final IMAPStore store;
    private final FolderPool folders;
    private volatile SizeTrust sizeTrust = SizeTrust.UNCHECKED;

    /**
     * Whether RFC822.SIZE can be shown as the file size. RFC 3501 says it is the exact size, but
     * some servers report something else (GreenMail: the body's length only), which would cut every
     * file short. The first listing checks one message; a server that fails is measured instead.
     */
    private enum SizeTrust { UNCHECKED, TRUSTED, MEASURED }

    private ImapMailSource(ImapSettings settings, char[] password) {
        this.settings = settings;
        this.password = password.clone();
        Session session = Session.getInstance(AngusProperties.of(settings));
        try {
            this.store = (IMAPStore) session.getStore(AngusProperties.protocol(settings));
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, settings.describe());
        }
        this.folders = new FolderPool(store, settings.maxOpenFolders());
    }

    /** Connects and logs in, so that a wrong password or an unreachable server shows at once. */
    public static ImapMailSource connect(ImapSettings settings, char[] password) {
        ImapMailSource source = new ImapMailSource(settings, password);
        source.reconnect();
        return source;
    }

    @Override
    public List<FolderInfo> listFolders() {
        return withStore("the folder list", () -> {
            List<FolderInfo> result = new ArrayList<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                List<String> attributes = Arrays.asList(((IMAPFolder) folder).getAttributes());
                boolean selectable = !attributes.contains("\\Noselect") && !attributes.contains("\\NonExistent");
                result.add(new FolderInfo(folder.getFullName(), folder.getSeparator(), selectable));
            }
            return result;
        });
    }

    @Override
    public FolderListing listMessages(String folderName) {
        return withFolder(folderName, folder -> {
            long uidValidity = folder.getUIDValidity();
            if (folder.getMessageCount() == 0) {
                return new FolderListing(folderName, uidValidity, List.of());
            }
            List<MessageMeta> messages = fetchMetadata(folder, sizeTrust == SizeTrust.MEASURED);
            if (sizeTrust == SizeTrust.UNCHECKED && !messages.isEmpty()) {
                sizeTrust = checkReportedSize(folder, messages);
                if (sizeTrust == SizeTrust.MEASURED) {
                    messages = fetchMetadata(folder, true);
                }
            }
            return new FolderListing(folderName, uidValidity, messages);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<MessageMeta> fetchMetadata(IMAPFolder folder, boolean measureSizes) throws MessagingException {
        return (List<MessageMeta>) folder.doCommand(p -> RawFetch.allMetadata(p, measureSizes));
    }

    /** Compares the smallest message's reported size with its real one. */
    private SizeTrust checkReportedSize(IMAPFolder folder, List<MessageMeta> messages) throws MessagingException {
        MessageMeta smallest = messages.stream().min((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
        @SuppressWarnings("unchecked")
        Optional<byte[]> body = (Optional<byte[]>) folder.doCommand(p -> RawFetch.wholeBody(p, smallest.uid()));
        if (body.isEmpty() || body.get().length == smallest.size()) {
            return body.isEmpty() ? SizeTrust.UNCHECKED : SizeTrust.TRUSTED;
        }
        LOG.warning(settings.describe() + " reports wrong message sizes (RFC822.SIZE " + smallest.size() + " for a message of "
                + body.get().length + " bytes); measuring sizes by downloading whole messages when listing folders, which is slow for large ones");
        return SizeTrust.MEASURED;
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        return withMessage(message, (protocol, uid) -> RawFetch.bodyRange(protocol, uid, offset, length));
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return withMessage(message, RawFetch::structure);
    }

    @Override
    public byte[] readSection(MessageRef message, String section) {
        return withMessage(message, (protocol, uid) -> RawFetch.section(protocol, uid, section));
    }

    private interface MessageCommand<T> {
        Optional<T> run(IMAPProtocol protocol, long uid) throws ProtocolException;
    }

    /** Runs a command on one message, which must still be there under the same UIDVALIDITY. */
    private <T> T withMessage(MessageRef message, MessageCommand<T> command) {
        return withFolder(message.folder(), folder -> {
            if (folder.getUIDValidity() != message.uidValidity()) {
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder() + " (UIDVALIDITY changed)");
            }
            @SuppressWarnings("unchecked")
            Optional<T> result = (Optional<T>) folder.doCommand(p -> command.run(p, message.uid()));
            return result.orElseThrow(() -> new MailfsException.NotFound("message " + message.uid() + " in " + message.folder()));
        });
    }

    @Override
    public void close() {
        folders.closeAll();
        try {
            store.close();
        } catch (MessagingException e) {
            LOG.log(Level.FINE, "closing the store failed", e);
        }
    }

    private interface FolderCall<T> {
        T call(IMAPFolder folder) throws MessagingException;
    }

    private interface StoreCall<T> {
        T call() throws MessagingException;
    }

    private <T> T withFolder(String folderName, FolderCall<T> call) {
        return withStore(folderName, () -> {
            try {
                return call.call(folders.acquire(folderName));
            } catch (MessagingException e) {
                if (ImapErrors.isConnectionLoss(e)) {
                    folders.discard(folderName);
                }
                throw e;
            }
        });
    }

    private <T> T withStore(String what, StoreCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (MessagingException e) {
                if (!ImapErrors.isConnectionLoss(e) || attempt == ATTEMPTS) {
                    throw ImapErrors.translate(e, what);
                }
                LOG.info("connection to " + settings.describe() + " lost during " + what + "; reconnecting");
                reconnect();
            } catch (IllegalStateException e) {
                // Angus throws this when the store is not connected at all
                if (attempt == ATTEMPTS) {
                    throw new MailfsException.Unavailable("not connected to " + settings.describe(), e);
                }
                reconnect();
            }
        }
    }

    private synchronized void reconnect() {
        try {
            if (store.isConnected()) {
                return;
            }
            store.connect(settings.host(), settings.port(), settings.user(), new String(password));
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, settings.describe());
        }
    }
}
