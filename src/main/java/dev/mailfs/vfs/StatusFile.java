package dev.mailfs.vfs;

import dev.mailfs.mail.MailSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code /.mailfs/status}: what a user asks when something is slow. Connections in use, what the
 * caches hold and how often they answer, search folders, files being copied in.
 */
final class StatusFile {
    static final String DIRECTORY = ".mailfs";
    static final String NAME = "status";

    /** Where it is in the mount. */
    static final String PATH = "/" + DIRECTORY + "/" + NAME;

    private final MailSource mail;
    private final IntSupplier filesBeingCopiedIn;
    private final IntSupplier searchFolders;
    private volatile byte[] latest;

    StatusFile(MailSource mail, IntSupplier filesBeingCopiedIn, IntSupplier searchFolders) {
        this.mail = mail;
        this.filesBeingCopiedIn = filesBeingCopiedIn;
        this.searchFolders = searchFolders;
    }

    /**
     * A new report, kept for the reads that follow. The kernel learns a file's size before it reads
     * it, and reads no further: the report read must be the one whose size it was told.
     */
    byte[] renderAfresh() {
        latest = render();
        return latest;
    }

    /** The report made last, or a new one if none was. */
    byte[] latest() {
        byte[] report = latest;
        return report != null ? report : renderAfresh();
    }

    private byte[] render() {
        Map<String, String> figures = mail.statistics();
        figures.put("search folders", String.valueOf(searchFolders.getAsInt()));
        figures.put("files being copied in", String.valueOf(filesBeingCopiedIn.getAsInt()));
        StringBuilder text = new StringBuilder();
        figures.forEach((what, value) -> text.append(what).append(": ").append(value).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
