package dev.mailfs.mail;

import java.util.Set;

/**
 * What Gmail's IMAP extension (X-GM-EXT-1) tells of a message beyond IMAP.
 *
 * @param messageId X-GM-MSGID: one message's id in the whole account, the same in every label's folder
 * @param threadId  X-GM-THRID: the id of its conversation
 * @param labels    X-GM-LABELS as Gmail spells them: {@code \Inbox}, {@code \Sent}, {@code \Starred},
 *                  {@code \Important}, {@code \Draft}, and the user's own labels by name
 */
public record GmailMeta(long messageId, long threadId, Set<String> labels) {
    public GmailMeta {
        labels = SharedSets.of(labels);
    }

    public GmailMeta withLabels(Set<String> newLabels) {
        return new GmailMeta(messageId, threadId, newLabels);
    }
}
