package dev.mailfs.mime;

import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A part's raw bytes as a stream, fetched a piece at a time ({@code BODY.PEEK[section]<offset.length>}),
 * so that a part of any size passes through a bounded buffer: the piece being read, and the next
 * one, fetched meanwhile. The section "" is the whole message,
 * read as an .eml is. Ends where the server's bytes end; a part that is not the size BODYSTRUCTURE
 * gave throws {@link SizeMismatch} (the caller then finds the part in the whole message).
 */
final class SectionStream extends InputStream {
    /** How much one command fetches: few round trips, a bounded buffer. */
    static final int PIECE = 2 << 20;

    private final MailSource mail;
    private final MessageRef message;
    private final String section;
    /** What BODYSTRUCTURE says the part takes; -1 when it says nothing usable. */
    private final long expected;
    private final Executor fetcher;
    private CompletableFuture<byte[]> next;
    private byte[] piece = new byte[0];
    private int inPiece;
    private long fetched;
    private boolean ended;

    /** The server's bytes are not the size its BODYSTRUCTURE gave. */
    static final class SizeMismatch extends RuntimeException {
        SizeMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** @param fetcher where the next piece is fetched while this one is read */
    SectionStream(MailSource mail, MessageRef message, String section, long expected, Executor fetcher) {
        this.mail = mail;
        this.message = message;
        this.section = section;
        this.expected = expected;
        this.fetcher = fetcher;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (inPiece == piece.length && !fetchNext()) {
            return -1;
        }
        int n = Math.min(length, piece.length - inPiece);
        System.arraycopy(piece, inPiece, into, offset, n);
        inPiece += n;
        return n;
    }

    private boolean fetchNext() {
        if (ended) {
            return false;
        }
        piece = next == null ? fetch(fetched) : await(next);
        inPiece = 0;
        fetched += piece.length;
        ended = piece.length < PIECE;
        long from = fetched;
        next = ended ? null : CompletableFuture.supplyAsync(() -> fetch(from), fetcher);
        if (expected >= 0 && (fetched > expected || ended && fetched != expected)) {
            throw new SizeMismatch("section " + section + " of message " + message.uid() + " in " + message.folder()
                    + ": the server sent " + (ended ? fetched : "more than " + expected) + " bytes where its BODYSTRUCTURE said " + expected);
        }
        return piece.length > 0;
    }

    private byte[] fetch(long offset) {
        return section.isEmpty() ? mail.readBody(message, offset, PIECE) : mail.readSection(message, section, offset, PIECE);
    }

    private static byte[] await(CompletableFuture<byte[]> fetching) {
        try {
            return fetching.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
