package dev.mailfs.testing;

import dev.mailfs.mail.MessageRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link InMemoryMailSource} was asked, one record per {@link dev.mailfs.mail.MailSource}
 * call, equal when the call was: tests compare them with the requests they expect.
 */
public sealed interface MailRequest {

    /** A request that changes what the server holds; {@link InMemoryMailSource#changes()} lists those it made. */
    sealed interface Change extends MailRequest {
    }

    record ListFolders() implements MailRequest {
    }

    record ListMessages(String folder) implements MailRequest {
    }

    /** GETQUOTAROOT INBOX. */
    record AskQuota() implements MailRequest {
    }

    record ListChanges(String folder, boolean flagsChanged) implements MailRequest {
    }

    /** STATUS of a folder. */
    record FolderStatus(String folder) implements MailRequest {
    }

    record ReadBody(MessageRef message, long offset, int length) implements MailRequest {
    }

    record ReadStructure(MessageRef message) implements MailRequest {
    }

    /** Several structures asked for together; each is then also a {@link ReadStructure}. */
    record ReadStructures(String folder, List<Long> uids) implements MailRequest {
        public ReadStructures {
            uids = List.copyOf(uids);
        }
    }

    record ReadSection(MessageRef message, String section) implements MailRequest {
    }

    /** BODY.PEEK[section]<offset.length>: a piece of a part too large to read at once. */
    record ReadSectionRange(MessageRef message, String section, long offset, int length) implements MailRequest {
    }

    /** @param query the query as written */
    record Search(String query, Optional<String> mailbox) implements MailRequest {
    }

    record Reopen(String folder) implements MailRequest {
    }

    record Watch(String folder) implements MailRequest {
    }

    /** A watched folder asked to tell now what the server may hold back ({@link dev.mailfs.mail.WatchedFolder#askNow}). */
    record AskNow(String folder) implements MailRequest {
    }

    /** One command for several moves; each message's {@link Move} follows it. */
    record MoveAll(List<MessageRef> messages, String toFolder) implements MailRequest {
    }

    /** One command taking a label off several messages; each message's {@link RemoveLabel} follows it. */
    record RemoveLabelAll(List<MessageRef> messages, String label) implements MailRequest {
    }

    /** One command for several expunges; each message's {@link Expunge} follows it. */
    record ExpungeAll(List<MessageRef> messages) implements MailRequest {
    }

    record Move(MessageRef message, String toFolder) implements Change {
    }

    record Expunge(MessageRef message) implements Change {
    }

    /** @param content the appended file's bytes as UTF-8 text, read when it was appended */
    record Append(String folder, String content, Set<String> flags, Instant internalDate) implements Change {
    }

    record SetFlags(MessageRef message, Set<String> flags) implements Change {
    }

    record ChangeLabels(MessageRef message, Set<String> add, Set<String> remove) implements Change {
    }

    record RemoveLabel(MessageRef message, String label) implements Change {
    }

    record CreateFolder(String name) implements Change {
    }

    record DeleteFolder(String name) implements Change {
    }

    record RenameFolder(String from, String to) implements Change {
    }
}
