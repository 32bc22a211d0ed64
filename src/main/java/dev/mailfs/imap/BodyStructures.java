package dev.mailfs.imap;

import dev.mailfs.mail.BodyPart;
import jakarta.mail.internet.ParameterList;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;

/** Converts Angus Mail's BODYSTRUCTURE into {@link BodyPart}s numbered by IMAP section (RFC 3501 6.4.5). */
final class BodyStructures {
    private BodyStructures() {
    }

    static BodyPart ofMessage(BODYSTRUCTURE top) {
        return convert(top, top.isMulti() ? "" : "1");
    }

    private static BodyPart convert(BODYSTRUCTURE part, String section) {
        List<BodyPart> children = new ArrayList<>();
        String enclosedSubject = "";
        if (part.isMulti() && part.bodies != null) {
            String prefix = section.isEmpty() ? "" : section + ".";
            for (int i = 0; i < part.bodies.length; i++) {
                children.add(convert(part.bodies[i], prefix + (i + 1)));
            }
        } else if (part.isNested() && part.bodies != null && part.bodies.length > 0) {
            // The enclosed message's parts are numbered under this part: 3.1, 3.2, or 3.1 alone.
            BODYSTRUCTURE body = part.bodies[0];
            children.add(convert(body, body.isMulti() ? section : section + ".1"));
            enclosedSubject = part.envelope == null ? "" : HeaderFields.decoded(part.envelope.subject);
        }
        return new BodyPart(
                section,
                lower(part.type, part.isMulti() ? "multipart" : "text"),
                lower(part.subtype, "plain"),
                parameters(part.cParams),
                lower(part.disposition, ""),
                parameters(part.dParams),
                lower(part.encoding, ""),
                Math.max(part.size, 0),
                children,
                enclosedSubject);
    }

    private static String lower(String value, String fallback) {
        return value == null ? fallback : value.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> parameters(ParameterList list) {
        Map<String, String> result = new HashMap<>();
        if (list != null) {
            for (Enumeration<String> names = list.getNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                String value = list.get(name);
                if (value != null) {
                    result.put(name.toLowerCase(Locale.ROOT), value);
                }
            }
        }
        return result;
    }
}
