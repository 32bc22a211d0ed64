package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageRef;
import jakarta.mail.MessagingException;
import java.util.Optional;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/** Commands on one message of an open folder, by UID, which reading and changing it share. */
final class OneMessage {
    private OneMessage() {
    }

    /** A command on one message; empty when the message is not there. */
    interface Command<T> {
        Optional<T> run(IMAPProtocol protocol, long uid) throws ProtocolException;
    }

    /**
     * Runs a command on one message; when it finds nothing, has the server announce what came in
     * through other connections (NOOP) and runs it once more. A message put there by a move or copy
     * on another connection is not part of this connection's view before that.
     */
    @SuppressWarnings("unchecked")
    static <T> Optional<T> run(IMAPFolder folder, long uid, Command<T> command) throws MessagingException {
        Optional<T> result = (Optional<T>) folder.doCommand(p -> command.run(p, uid));
        if (result.isPresent()) {
            return result;
        }
        return (Optional<T>) folder.doCommand(p -> {
            p.noop();
            return command.run(p, uid);
        });
    }

    static void checkUidValidity(IMAPFolder folder, MessageRef message) throws MessagingException {
        if (folder.getUIDValidity() != message.uidValidity()) {
            throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder() + " (UIDVALIDITY changed)");
        }
    }

    /** Whether the open folder still holds the message (same UIDVALIDITY, the UID still there). */
    static boolean stillThere(IMAPFolder folder, MessageRef message) throws MessagingException {
        checkUidValidity(folder, message);
        return run(folder, message.uid(), (p, uid) -> UidCommands.exists(p, uid) ? Optional.of(true) : Optional.empty())
                .isPresent();
    }
}
