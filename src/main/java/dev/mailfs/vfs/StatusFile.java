package dev.mailfs.vfs;

import dev.mailfs.imap.MailSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code /.mailfs/status}: what a user asks when something is slow. Connections in use, what the
 * caches hold and how often they answer, open files.
 */
final class StatusFile {
    static final String DIRECTORY = ".mailfs";
    static final String NAME = "status";

    private final MailSource mail;
    private final IntSupplier openFiles;

    StatusFile(MailSource mail, IntSupplier openFiles) {
        this.mail = mail;
        this.openFiles = openFiles;
    }

    byte[] render() {
        Map<String, String> figures = mail.statistics();
        figures.put("open files", String.valueOf(openFiles.getAsInt()));
        StringBuilder text = new StringBuilder();
        figures.forEach((what, value) -> text.append(what).append(": ").append(value).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
