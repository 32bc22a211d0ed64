package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MessageRef;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Reads messages' bytes and structures, by UID, never setting \Seen (see {@link RawFetch}). The
 * bytes count against the account's daily budget ({@link DownloadBudget}), which stops them once spent.
 */
final class MessageReader {
    private final ImapConnection connection;

    MessageReader(ImapConnection connection) {
        this.connection = connection;
    }

    byte[] readBody(MessageRef message, long offset, int length) {
        beforeReading(message);
        return counted(withMessage(message, (protocol, uid) -> RawFetch.bodyRange(protocol, uid, offset, length)));
    }

    @SuppressWarnings("unchecked")
    Map<Long, byte[]> readBodyStarts(String folderName, long uidValidity, List<Long> uids, int length) {
        downloads().checkBefore("reading ahead in " + folderName);
        Map<Long, byte[]> starts = (Map<Long, byte[]>) onMessages(folderName, uidValidity, p -> RawFetch.bodyStarts(p, uids, length));
        starts.values().forEach(this::counted);
        return starts;
    }

    @SuppressWarnings("unchecked")
    Map<Long, BodyPart> readStructures(String folderName, long uidValidity, List<Long> uids) {
        return (Map<Long, BodyPart>) onMessages(folderName, uidValidity, p -> RawFetch.structures(p, uids));
    }

    BodyPart readStructure(MessageRef message) {
        return withMessage(message, RawFetch::structure);
    }

    byte[] readSection(MessageRef message, String section) {
        beforeReading(message);
        return counted(withMessage(message, (protocol, uid) -> RawFetch.section(protocol, uid, section)));
    }

    byte[] readSection(MessageRef message, String section, long offset, int length) {
        beforeReading(message);
        return counted(withMessage(message, (protocol, uid) -> RawFetch.sectionRange(protocol, uid, section, offset, length)));
    }

    private DownloadBudget downloads() {
        return connection.downloads();
    }

    /** Refuses, before a word to the server, once the daily download budget is spent. */
    private void beforeReading(MessageRef message) {
        downloads().checkBefore("reading message " + message.uid() + " in " + message.folder());
    }

    /** Mail's bytes, counted against the daily budget as they come. */
    private byte[] counted(byte[] bytes) {
        downloads().downloaded(bytes.length);
        return bytes;
    }

    /** One command about several messages of a folder, answered by UID; none when the folder was renumbered. */
    @SuppressWarnings("unchecked")
    private Map<Long, ?> onMessages(String folderName, long uidValidity, IMAPFolder.ProtocolCommand command) {
        return connection.withFolder(folderName, folder -> folder.getUIDValidity() != uidValidity
                ? Map.of() : (Map<Long, ?>) folder.doCommand(command));
    }

    /** Runs a command on one message, which must still be there under the same UIDVALIDITY. */
    private <T> T withMessage(MessageRef message, OneMessage.Command<T> command) {
        return connection.withFolder(message.folder(), folder -> {
            OneMessage.checkUidValidity(folder, message);
            return OneMessage.run(folder, message.uid(), command)
                    .orElseThrow(() -> new MailfsException.NotFound("message " + message.uid() + " in " + message.folder()));
        });
    }
}
