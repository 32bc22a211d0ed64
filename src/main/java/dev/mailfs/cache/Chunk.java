package dev.mailfs.cache;

import dev.mailfs.mail.MessageRef;

/**
 * A piece of a message's body, known by the message's identity: on Gmail its X-GM-MSGID, so that
 * one body fetched serves the message in every label's folder; elsewhere its folder and UID. It is
 * fetched through {@code message}, the folder and UID it was asked for by.
 */
record Chunk(MessageRef identity, MessageRef message, long index) {
    @Override
    public boolean equals(Object other) {
        return other instanceof Chunk chunk && chunk.identity.equals(identity) && chunk.index == index;
    }

    @Override
    public int hashCode() {
        return identity.hashCode() * 31 + Long.hashCode(index);
    }
}
