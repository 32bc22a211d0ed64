package dev.mailfs.mime;

import dev.mailfs.mail.BodyPart;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parts of a message (or of a message enclosed in it) are its text, its HTML, and its files.
 *
 * @param root  the part the layout is of: the message's top part or an enclosed message's body
 * @param text  text/plain parts that are not attachments, in order: they make body.txt
 * @param html  text/html parts that are not attachments, in order: they make body.html
 * @param files every other leaf part, and every enclosed message/rfc822, in order
 */
public record MessageLayout(BodyPart root, List<BodyPart> text, List<BodyPart> html, List<BodyPart> files) {

    public static MessageLayout of(BodyPart root) {
        List<BodyPart> text = new ArrayList<>();
        List<BodyPart> html = new ArrayList<>();
        List<BodyPart> files = new ArrayList<>();
        sort(root, text, html, files);
        return new MessageLayout(root, List.copyOf(text), List.copyOf(html), List.copyOf(files));
    }

    private static void sort(BodyPart part, List<BodyPart> text, List<BodyPart> html, List<BodyPart> files) {
        if (part.isMultipart()) {
            part.parts().forEach(child -> sort(child, text, html, files));
        } else if (part.isEnclosedMessage() || part.disposition().equals("attachment")) {
            files.add(part);
        } else if (part.mimeType().equals("text/plain")) {
            text.add(part);
        } else if (part.mimeType().equals("text/html")) {
            html.add(part);
        } else {
            files.add(part);
        }
    }

    /** The layout of the message enclosed in a message/rfc822 part. */
    public MessageLayout enclosed(BodyPart messagePart) {
        return messagePart.parts().isEmpty()
                ? new MessageLayout(messagePart, List.of(), List.of(), List.of())
                : of(messagePart.parts().get(0));
    }
}
