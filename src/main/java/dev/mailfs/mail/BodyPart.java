package dev.mailfs.mail;

import java.util.List;
import java.util.Map;

/**
 * One node of a message's MIME structure as the server's BODYSTRUCTURE describes it.
 *
 * @param section               the IMAP section that fetches this part's bytes ("1", "2.1"); "" for
 *                              the multipart at the top of a message, whose parts are 1, 2, …
 * @param type                  lower case, e.g. "text"
 * @param subtype               lower case, e.g. "plain"
 * @param parameters            Content-Type parameters, lower-case names, RFC 2231 decoded
 * @param disposition           "attachment", "inline" or "" (lower case)
 * @param dispositionParameters Content-Disposition parameters, lower-case names, RFC 2231 decoded
 * @param encoding              Content-Transfer-Encoding in lower case, "" when absent
 * @param size                  the encoded size in bytes
 * @param parts                 a multipart's parts; for message/rfc822, the one body of the
 *                              enclosed message; otherwise empty
 * @param enclosedSubject       for message/rfc822, the enclosed message's decoded subject
 */
public record BodyPart(
        String section,
        String type,
        String subtype,
        Map<String, String> parameters,
        String disposition,
        Map<String, String> dispositionParameters,
        String encoding,
        long size,
        List<BodyPart> parts,
        String enclosedSubject) {

    public BodyPart {
        parameters = Map.copyOf(parameters);
        dispositionParameters = Map.copyOf(dispositionParameters);
        parts = List.copyOf(parts);
    }

    public String mimeType() {
        return type + "/" + subtype;
    }

    public boolean isMultipart() {
        return type.equals("multipart");
    }

    public boolean isEnclosedMessage() {
        return type.equals("message") && subtype.equals("rfc822");
    }
}
