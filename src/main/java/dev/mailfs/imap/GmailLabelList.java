package dev.mailfs.imap;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.gimap.protocol.GmailProtocol;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;

/**
 * X-GM-LABELS read in every form Gmail is known or documented to send: quoted strings
 * ({@code "\\Inbox"}), literals, and bare words, a system label's backslash included
 * ({@code \Inbox}). Every step moves on, so no answer can make it loop; one it cannot read is a
 * parsing error (the message is left out of that listing, and said so).
 */
final class GmailLabelList {
    static final FetchItem ITEM = new FetchItem("X-GM-LABELS", GmailProtocol.LABELS_ITEM.getFetchProfileItem()) {
        @Override
        public Object parseItem(FetchResponse response) throws ParsingException {
            return read(response);
        }
    };

    private GmailLabelList() {
    }

    static String[] read(FetchResponse response) throws ParsingException {
        response.skipSpaces();
        if (response.readByte() != '(') {
            throw new ParsingException("X-GM-LABELS: no list");
        }
        List<String> labels = new ArrayList<>();
        while (true) {
            response.skipSpaces();
            byte next = response.peekByte();
            if (next == ')') {
                response.readByte();
                return labels.toArray(String[]::new);
            } else if (next == '"' || next == '{') {
                String label = response.readString();
                if (label == null) {
                    throw new ParsingException("X-GM-LABELS: a label that does not read");
                }
                labels.add(label);
            } else {
                labels.add(bare(response));
            }
        }
    }

    /** A label written as a bare word, up to a space or the list's end. */
    private static String bare(FetchResponse response) throws ParsingException {
        StringBuilder label = new StringBuilder();
        for (byte next = response.peekByte(); next != ' ' && next != ')' && next != 0 && next != '\r' && next != '\n';
             next = response.peekByte()) {
            label.append((char) (response.readByte() & 0xff));
        }
        if (label.length() == 0) {
            throw new ParsingException("X-GM-LABELS: the list does not end");
        }
        return label.toString();
    }
}
