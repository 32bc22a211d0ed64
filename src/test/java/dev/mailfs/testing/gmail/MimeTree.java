package dev.mailfs.testing.gmail;

import dev.mailfs.mail.BodyPart;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One message's raw MIME tree, by byte offsets into the message, so that every BODY[section] is
 * the still transfer-encoded bytes of that part and BODYSTRUCTURE sizes match them exactly.
 * Also renders ENVELOPE and BODYSTRUCTURE, and gives the structure as mailfs's {@link BodyPart}.
 */
public final class MimeTree {

    /** A MIME entity: header bytes [start, bodyStart), body bytes [bodyStart, end). */
    static final class Part {
        final byte[] data;
        final int start;
        final int bodyStart;
        final int end;
        final List<String[]> headers; // name, unfolded raw value
        final String type;
        final String subtype;
        final ParameterList params;
        final List<Part> children = new ArrayList<>();
        Part encapsulated; // for message/rfc822

        Part(byte[] data, int start, int bodyStart, int end, List<String[]> headers, boolean digest) {
            this.data = data;
            this.start = start;
            this.bodyStart = bodyStart;
            this.end = end;
            this.headers = headers;
            String ct = header("Content-Type");
            ContentType parsed = null;
            if (ct != null) {
                try {
                    parsed = new ContentType(ct);
                } catch (Exception e) {
                    parsed = null;
                }
            }
            if (parsed == null) {
                parsed = digest ? new ContentType("message", "rfc822", null)
                        : new ContentType("text", "plain", new ParameterList());
                if (!digest) {
                    parsed.setParameter("charset", "us-ascii");
                }
            }
            this.type = parsed.getPrimaryType().toUpperCase(Locale.ROOT);
            this.subtype = parsed.getSubType().toUpperCase(Locale.ROOT);
            this.params = parsed.getParameterList() == null ? new ParameterList() : parsed.getParameterList();
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        boolean isMultipart() {
            return type.equals("MULTIPART");
        }

        boolean isMessage() {
            return type.equals("MESSAGE") && subtype.equals("RFC822") && encapsulated != null;
        }

        byte[] headerBytes() {
            return slice(start, bodyStart);
        }

        byte[] bodyBytes() {
            return slice(bodyStart, end);
        }

        byte[] slice(int from, int to) {
            byte[] out = new byte[Math.max(0, to - from)];
            System.arraycopy(data, from, out, 0, out.length);
            return out;
        }

        boolean isAttachment() {
            String disposition = header("Content-Disposition");
            if (disposition != null && disposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment")) {
                return true;
            }
            return !isMultipart() && (params.get("name") != null || dispositionParam("filename") != null);
        }

        String dispositionParam(String name) {
            String disposition = header("Content-Disposition");
            if (disposition == null) {
                return null;
            }
            try {
                return new jakarta.mail.internet.ContentDisposition(disposition).getParameter(name);
            } catch (Exception e) {
                return null;
            }
        }
    }

    final Part root;

    /** @param message a whole message with CRLF line ends */
    public MimeTree(byte[] message) {
        this.root = parse(message, 0, message.length, false);
    }

    /** The raw, unfolded value of the message's first header field of that name, or null. */
    public String header(String name) {
        return root.header(name);
    }

    // ---------------------------------------------------------------- parsing

    private static Part parse(byte[] d, int start, int end, boolean digest) {
        int bodyStart;
        int headerEnd;
        if (startsWith(d, start, end, "\r\n")) {
            headerEnd = start;
            bodyStart = start + 2;
        } else {
            int blank = indexOf(d, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start, end);
            if (blank < 0) {
                headerEnd = end;
                bodyStart = end;
            } else {
                headerEnd = blank + 2;
                bodyStart = blank + 4;
            }
        }
        Part part = new Part(d, start, bodyStart, end, parseHeaders(d, start, headerEnd), digest);
        if (part.isMultipart() && part.params.get("boundary") != null) {
            splitMultipart(part, part.params.get("boundary"));
        } else if (part.type.equals("MESSAGE") && part.subtype.equals("RFC822")) {
            part.encapsulated = parse(d, bodyStart, end, false);
        }
        return part;
    }

    private static void splitMultipart(Part part, String boundary) {
        byte[] d = part.data;
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        boolean digest = part.subtype.equals("DIGEST");
        int partStart = -1;
        int pos = part.bodyStart;
        while (pos < part.end) {
            int lineEnd = indexOf(d, new byte[] {'\r', '\n'}, pos, part.end);
            int next = lineEnd < 0 ? part.end : lineEnd + 2;
            if (startsWith(d, pos, part.end, delimiter)) {
                boolean close = startsWith(d, pos + delimiter.length, part.end, "--");
                if (partStart >= 0) {
                    // The CRLF before a delimiter belongs to the delimiter.
                    int partEnd = Math.max(partStart, pos - 2);
                    part.children.add(parse(d, partStart, partEnd, digest));
                }
                if (close) {
                    return;
                }
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0 && partStart < part.end) {
            part.children.add(parse(d, partStart, part.end, digest));
        }
    }

    private static List<String[]> parseHeaders(byte[] d, int start, int end) {
        List<String[]> headers = new ArrayList<>();
        String text = new String(d, start, end - start, StandardCharsets.ISO_8859_1);
        String[] name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(line);
                continue;
            }
            if (name != null) {
                headers.add(new String[] {name[0], value.toString().trim()});
            }
            int colon = line.indexOf(':');
            name = new String[] {colon < 0 ? line.trim() : line.substring(0, colon).trim()};
            value = new StringBuilder(colon < 0 ? "" : line.substring(colon + 1));
        }
        if (name != null) {
            headers.add(new String[] {name[0], value.toString().trim()});
        }
        // Raw 8-bit header bytes were read as ISO-8859-1; give them back as UTF-8 text.
        for (String[] h : headers) {
            h[1] = new String(h[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        return headers;
    }

    static int indexOf(byte[] d, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (d[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] d, int at, int end, String prefix) {
        return startsWith(d, at, end, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] d, int at, int end, byte[] prefix) {
        if (at + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (d[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- sections

    /**
     * The bytes of a BODY[section] (section text as the client wrote it, upper case, without
     * brackets), or null when the section does not exist.
     */
    public byte[] section(String section) {
        if (section.isEmpty()) {
            return root.slice(root.start, root.end);
        }
        Part part = root;
        boolean numbered = false;
        String rest = section;
        while (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
            int dot = rest.indexOf('.');
            String number = dot < 0 ? rest : rest.substring(0, dot);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
            part = child(part, Integer.parseInt(number), !numbered);
            numbered = true;
            if (part == null) {
                return null;
            }
        }
        if (rest.isEmpty()) {
            return part.bodyBytes();
        }
        if (rest.equals("MIME")) {
            return numbered ? part.headerBytes() : null;
        }
        Part message = part;
        if (numbered) {
            if (!part.isMessage()) {
                return null;
            }
            message = part.encapsulated;
        }
        if (rest.equals("HEADER")) {
            return message.headerBytes();
        }
        if (rest.equals("TEXT")) {
            return message.bodyBytes();
        }
        if (rest.startsWith("HEADER.FIELDS")) {
            boolean not = rest.startsWith("HEADER.FIELDS.NOT");
            int open = rest.indexOf('(');
            int close = rest.lastIndexOf(')');
            Set<String> names = Set.of(rest.substring(open + 1, close).trim().toUpperCase(Locale.ROOT).split("\\s+"));
            return headerFields(message, names, not);
        }
        return null;
    }

    private static Part child(Part part, int n, boolean top) {
        Part container = (!top && part.isMessage()) ? part.encapsulated : part;
        if (container.isMultipart()) {
            return n >= 1 && n <= container.children.size() ? container.children.get(n - 1) : null;
        }
        return n == 1 ? container : null;
    }

    /** Raw header lines (with their folding) whose names are (or, with not, are not) in names. */
    private static byte[] headerFields(Part message, Set<String> names, boolean not) {
        String text = new String(message.data, message.start, message.bodyStart - message.start,
                StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        boolean keep = false;
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                int colon = line.indexOf(':');
                String name = (colon < 0 ? line : line.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
                keep = names.contains(name) != not;
            }
            if (keep) {
                out.append(line).append("\r\n");
            }
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- ENVELOPE, BODYSTRUCTURE

    String envelope() {
        return envelope(root);
    }

    private static String envelope(Part m) {
        String from = addresses(m.header("From"));
        String sender = m.header("Sender") != null ? addresses(m.header("Sender")) : from;
        String replyTo = m.header("Reply-To") != null ? addresses(m.header("Reply-To")) : from;
        return "(" + nstring(m.header("Date")) + " " + nstring(m.header("Subject")) + " " + from + " " + sender
                + " " + replyTo + " " + addresses(m.header("To")) + " " + addresses(m.header("Cc")) + " "
                + addresses(m.header("Bcc")) + " " + nstring(m.header("In-Reply-To")) + " "
                + nstring(m.header("Message-ID")) + ")";
    }

    private static String addresses(String value) {
        if (value == null || value.isBlank()) {
            return "NIL";
        }
        InternetAddress[] list;
        try {
            list = InternetAddress.parseHeader(value, false);
        } catch (AddressException e) {
            return "NIL";
        }
        if (list.length == 0) {
            return "NIL";
        }
        StringBuilder out = new StringBuilder("(");
        for (InternetAddress a : list) {
            String address = a.getAddress() == null ? "" : a.getAddress();
            int at = address.lastIndexOf('@');
            String personal = a.getPersonal();
            if (personal != null && !personal.chars().allMatch(c -> c < 128)) {
                try {
                    personal = MimeUtility.encodeWord(personal, "UTF-8", "B");
                } catch (Exception e) {
                    // keep it as it is
                }
            }
            out.append('(').append(nstring(personal)).append(" NIL ")
                    .append(nstring(at < 0 ? address : address.substring(0, at))).append(' ')
                    .append(at < 0 ? "NIL" : nstring(address.substring(at + 1))).append(')');
        }
        return out.append(')').toString();
    }

    String bodyStructure(boolean extensions) {
        return structure(root, extensions);
    }

    /**
     * The structure as mailfs's IMAP layer makes it of BODYSTRUCTURE (see imap/BodyStructures):
     * sections numbered the IMAP way, lower-case names, each leaf's size that of its section.
     */
    public BodyPart structure() {
        return bodyPart(root, root.isMultipart() ? "" : "1");
    }

    private static BodyPart bodyPart(Part p, String section) {
        List<BodyPart> children = new ArrayList<>();
        String enclosedSubject = "";
        if (p.isMultipart()) {
            String prefix = section.isEmpty() ? "" : section + ".";
            for (int i = 0; i < p.children.size(); i++) {
                children.add(bodyPart(p.children.get(i), prefix + (i + 1)));
            }
        } else if (p.isMessage()) {
            Part body = p.encapsulated;
            children.add(bodyPart(body, body.isMultipart() ? section : section + ".1"));
            enclosedSubject = decoded(body.header("Subject"));
        }
        String encoding = p.header("Content-Transfer-Encoding");
        ParameterList dispositionParameters = new ParameterList();
        String disposition = "";
        String dispositionHeader = p.header("Content-Disposition");
        if (dispositionHeader != null) {
            try {
                jakarta.mail.internet.ContentDisposition parsed = new jakarta.mail.internet.ContentDisposition(dispositionHeader);
                disposition = parsed.getDisposition().toLowerCase(Locale.ROOT);
                if (parsed.getParameterList() != null) {
                    dispositionParameters = parsed.getParameterList();
                }
            } catch (Exception unparsable) {
                // as a server would: no disposition
            }
        }
        return new BodyPart(section, p.type.toLowerCase(Locale.ROOT), p.subtype.toLowerCase(Locale.ROOT), lowerCaseNames(p.params),
                disposition, lowerCaseNames(dispositionParameters),
                p.isMultipart() ? "" : encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT),
                p.isMultipart() ? 0 : p.end - p.bodyStart, children, enclosedSubject);
    }

    private static Map<String, String> lowerCaseNames(ParameterList list) {
        Map<String, String> parameters = new HashMap<>();
        for (Enumeration<String> names = list.getNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String value = list.get(name);
            if (value != null) {
                parameters.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return parameters;
    }

    private static String decoded(String header) {
        if (header == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(header);
        } catch (Exception undecodable) {
            return header;
        }
    }

    private static String structure(Part p, boolean ext) {
        StringBuilder out = new StringBuilder("(");
        if (p.isMultipart()) {
            for (Part child : p.children) {
                out.append(structure(child, ext));
            }
            if (p.children.isEmpty()) {
                // An empty multipart still needs one body; describe it as an empty text part.
                out.append("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)");
            }
            out.append(' ').append(quote(p.subtype));
            if (ext) {
                out.append(' ').append(params(p.params)).append(' ').append(disposition(p)).append(" NIL NIL");
            }
            return out.append(')').toString();
        }
        String encoding = p.header("Content-Transfer-Encoding");
        out.append(quote(p.type)).append(' ').append(quote(p.subtype)).append(' ').append(params(p.params))
                .append(' ').append(nstring(p.header("Content-ID"))).append(' ')
                .append(nstring(p.header("Content-Description"))).append(' ')
                .append(quote(encoding == null ? "7BIT" : encoding.trim().toUpperCase(Locale.ROOT))).append(' ')
                .append(p.end - p.bodyStart);
        if (p.isMessage()) {
            out.append(' ').append(envelope(p.encapsulated)).append(' ').append(structure(p.encapsulated, ext))
                    .append(' ').append(lines(p));
        } else if (p.type.equals("TEXT")) {
            out.append(' ').append(lines(p));
        }
        if (ext) {
            out.append(' ').append(nstring(p.header("Content-MD5"))).append(' ').append(disposition(p))
                    .append(" NIL NIL");
        }
        return out.append(')').toString();
    }

    private static int lines(Part p) {
        int lines = 0;
        for (int i = p.bodyStart; i < p.end; i++) {
            if (p.data[i] == '\n') {
                lines++;
            }
        }
        if (p.end > p.bodyStart && p.data[p.end - 1] != '\n') {
            lines++;
        }
        return lines;
    }

    private static String params(ParameterList list) {
        Enumeration<String> names = list.getNames();
        if (!names.hasMoreElements()) {
            return "NIL";
        }
        StringBuilder out = new StringBuilder("(");
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (out.length() > 1) {
                out.append(' ');
            }
            out.append(quote(name.toUpperCase(Locale.ROOT))).append(' ').append(nstring(list.get(name)));
        }
        return out.append(')').toString();
    }

    private static String disposition(Part p) {
        String value = p.header("Content-Disposition");
        if (value == null) {
            return "NIL";
        }
        try {
            jakarta.mail.internet.ContentDisposition cd = new jakarta.mail.internet.ContentDisposition(value);
            ParameterList list = cd.getParameterList() == null ? new ParameterList() : cd.getParameterList();
            return "(" + quote(cd.getDisposition().toUpperCase(Locale.ROOT)) + " " + params(list) + ")";
        } catch (Exception e) {
            return "NIL";
        }
    }

    /** An IMAP quoted string, or a literal when the text cannot be quoted. */
    static String nstring(String s) {
        return s == null ? "NIL" : quote(s);
    }

    static String quote(String s) {
        boolean literal = s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0
                || !s.chars().allMatch(c -> c < 128);
        if (literal) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return "{" + bytes.length + "}\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---------------------------------------------------------------- for searching

    /** Decoded value of a header (encoded words decoded), or "" when absent. */
    String decodedHeader(String name) {
        StringBuilder out = new StringBuilder();
        for (String[] h : root.headers) {
            if (h[0].equalsIgnoreCase(name)) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                try {
                    out.append(MimeUtility.decodeText(h[1]));
                } catch (Exception e) {
                    out.append(h[1]);
                }
            }
        }
        return out.toString();
    }

    /** All decoded text/* parts, for TEXT/BODY searches. */
    String decodedText() {
        StringBuilder out = new StringBuilder();
        collectText(root, out);
        return out.toString();
    }

    private static void collectText(Part p, StringBuilder out) {
        if (p.isMultipart()) {
            p.children.forEach(c -> collectText(c, out));
        } else if (p.isMessage()) {
            collectText(p.encapsulated, out);
        } else if (p.type.equals("TEXT")) {
            String encoding = p.header("Content-Transfer-Encoding");
            String charset = p.params.get("charset");
            try {
                byte[] raw = p.bodyBytes();
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                MimeUtility.decode(new java.io.ByteArrayInputStream(raw), encoding == null ? "7bit" : encoding.trim())
                        .transferTo(decoded);
                out.append(decoded.toString(MimeUtility.javaCharset(charset == null ? "us-ascii" : charset)))
                        .append('\n');
            } catch (Exception e) {
                out.append(new String(p.bodyBytes(), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
    }

    boolean hasAttachment() {
        return hasAttachment(root);
    }

    private static boolean hasAttachment(Part p) {
        if (p.isMultipart()) {
            return p.children.stream().anyMatch(MimeTree::hasAttachment);
        }
        return p != null && p.isAttachment();
    }
}
