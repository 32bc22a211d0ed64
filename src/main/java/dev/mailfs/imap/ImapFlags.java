package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.Flags;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** IMAP flags as text ("\Seen", "$Label1") and as jakarta.mail {@link Flags}. */
final class ImapFlags {
    private static final Map<String, Flags.Flag> SYSTEM = Map.of(
            "\\seen", Flags.Flag.SEEN,
            "\\answered", Flags.Flag.ANSWERED,
            "\\flagged", Flags.Flag.FLAGGED,
            "\\deleted", Flags.Flag.DELETED,
            "\\draft", Flags.Flag.DRAFT);
    /** An IMAP atom: no space, parenthesis, brace, quote, wildcard, backslash or control character. */
    private static final Pattern KEYWORD = Pattern.compile("[^\\s(){}\"%*\\]\\\\\\p{Cntrl}]+");

    private ImapFlags() {
    }

    /** The flags a client may store; \Recent is the server's own and is left out. */
    static Flags toFlags(Set<String> names) {
        Flags flags = new Flags();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("\\recent")) {
                continue;
            }
            Flags.Flag system = SYSTEM.get(lower);
            if (system != null) {
                flags.add(system);
            } else if (KEYWORD.matcher(name).matches()) {
                flags.add(name);
            } else {
                throw new MailfsException.InvalidArgument("flag '" + name + "': system flags are \\Seen \\Answered \\Flagged"
                        + " \\Deleted \\Draft, keywords may not hold spaces, brackets, quotes or backslashes");
            }
        }
        return flags;
    }
}
