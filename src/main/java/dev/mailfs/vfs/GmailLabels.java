package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.GmailMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gmail's folders and the labels they stand for. INBOX is the label \Inbox; the special-use folders
 * (found by attribute, as their names are localised) are \Sent, \Starred, \Important and \Draft; a
 * user's folder is the label of its name. All Mail, Trash and Spam are not labels: All Mail holds
 * every message that is not in Trash or Spam.
 */
final class GmailLabels {
    static final String INBOX_LABEL = "\\Inbox";
    private static final Map<String, String> LABEL_BY_SPECIAL_USE = Map.of(
            "\\Sent", "\\Sent",
            "\\Flagged", "\\Starred",
            "\\Important", "\\Important",
            "\\Drafts", "\\Draft");
    private static final Set<String> SYSTEM_LABELS = Set.of("\\Inbox", "\\Sent", "\\Starred", "\\Important", "\\Draft");

    private final Map<String, String> labelByFolder = new HashMap<>();
    private final Map<String, String> folderByLabel = new HashMap<>();
    private final Set<String> trashAndSpam = new HashSet<>();
    private final Optional<String> allMail;

    GmailLabels(List<FolderInfo> folders) {
        Optional<String> all = Optional.empty();
        for (FolderInfo folder : folders) {
            if (!folder.selectable()) {
                continue;
            }
            if (folder.isAllMail()) {
                all = Optional.of(folder.fullName());
            } else if (folder.isTrash() || folder.isJunk()) {
                trashAndSpam.add(folder.fullName());
            } else {
                String label = folder.fullName().equalsIgnoreCase("INBOX") ? INBOX_LABEL
                        : folder.specialUse().stream().map(LABEL_BY_SPECIAL_USE::get).filter(l -> l != null).findFirst()
                                .orElse(folder.fullName());
                labelByFolder.put(folder.fullName(), label);
                folderByLabel.put(label, folder.fullName());
            }
        }
        this.allMail = all;
    }

    /** The label a folder stands for; empty for All Mail, Trash and Spam. */
    Optional<String> labelOf(String folder) {
        return Optional.ofNullable(labelByFolder.get(folder));
    }

    /** Trash and Spam: what is removed there is deleted for good. */
    boolean isTrashOrSpam(String folder) {
        return trashAndSpam.contains(folder);
    }

    boolean isAllMail(String folder) {
        return allMail.filter(folder::equals).isPresent();
    }

    /** Gmail's system labels (\Inbox) first, then the user's, each by name. */
    private static final Comparator<String> LABEL_ORDER =
            Comparator.comparing((String label) -> !label.startsWith("\\")).thenComparing(Comparator.naturalOrder());

    /** The message's labels, sorted: Gmail's list, with the label of the folder it is seen in. */
    Set<String> labelsOf(GmailMeta gmail, String folder) {
        Set<String> labels = new TreeSet<>(LABEL_ORDER);
        labels.addAll(gmail.labels());
        labelOf(folder).ifPresent(labels::add);
        return labels;
    }

    /**
     * How many of the mount's folders show the message, which {@code stat} gives as its link count:
     * one for each label that has a folder, and All Mail; a message in Trash or Spam is there alone.
     */
    int folderCount(GmailMeta gmail, String folder) {
        if (isTrashOrSpam(folder)) {
            return 1;
        }
        int count = allMail.isPresent() ? 1 : 0;
        for (String label : labelsOf(gmail, folder)) {
            if (folderByLabel.containsKey(label)) {
                count++;
            }
        }
        return Math.max(count, 1);
    }

    /**
     * {@code \Inbox, Work, "Smith, John"}: what user.mail.labels shows, comma separated; a label with a
     * comma, a double quote or spaces at either end in double quotes, with \\ before a quote or a
     * backslash in it, so that {@link #parse} gives every label back as it was.
     */
    static byte[] format(Set<String> labels) {
        return String.join(", ", labels.stream().map(GmailLabels::quoted).toList()).getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String label) {
        boolean plain = label.indexOf(',') < 0 && label.indexOf('"') < 0 && label.strip().equals(label) && !label.isEmpty();
        return plain ? label : '"' + label.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The labels of a user.mail.labels value: comma separated, each bare (spaces around it dropped) or in double quotes. */
    private static List<String> split(String value) {
        List<String> labels = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            StringBuilder label = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                for (i++; i < value.length() && value.charAt(i) != '"'; i++) {
                    if (value.charAt(i) == '\\' && i + 1 < value.length()) {
                        i++;
                    }
                    label.append(value.charAt(i));
                }
                if (i >= value.length()) {
                    throw new MailfsException.InvalidArgument("a label's closing double quote is missing: " + value);
                }
                i++;
                while (i < value.length() && value.charAt(i) != ',') {
                    if (!Character.isWhitespace(value.charAt(i))) {
                        throw new MailfsException.InvalidArgument("after a label in double quotes comes a comma: " + value);
                    }
                    i++;
                }
                labels.add(label.toString());
            } else {
                int comma = value.indexOf(',', i);
                int end = comma < 0 ? value.length() : comma;
                labels.add(value.substring(i, end).strip());
                i = end;
            }
            i++; // the comma
        }
        return labels;
    }

    /**
     * A user's list of labels, comma separated, as setfattr gives it. INBOX may be written for
     * \Inbox; any other name starting with a backslash must be one of Gmail's system labels.
     */
    static Set<String> parse(byte[] value) {
        Set<String> labels = new TreeSet<>();
        for (String part : split(new String(value, StandardCharsets.UTF_8))) {
            String label = part;
            if (label.isEmpty()) {
                continue;
            }
            if (label.equalsIgnoreCase("INBOX")) {
                label = INBOX_LABEL;
            }
            if (label.startsWith("\\")) {
                String known = SYSTEM_LABELS.stream().filter(label::equalsIgnoreCase).findFirst()
                        .orElseThrow(() -> new MailfsException.InvalidArgument("'" + part.strip() + "' is not a Gmail label: the system labels are "
                                + String.join(" ", new TreeSet<>(SYSTEM_LABELS))));
                label = known;
            }
            labels.add(label);
        }
        return labels;
    }
}
