package dev.mailfs.imap;

import java.util.List;

/** Every message of a folder at one moment, in UID order. */
public record FolderListing(String folder, long uidValidity, List<MessageMeta> messages) {
    public FolderListing {
        messages = List.copyOf(messages);
    }

    public MessageRef refOf(MessageMeta message) {
        return new MessageRef(folder, uidValidity, message.uid());
    }
}
