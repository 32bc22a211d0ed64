package dev.mailfs.fuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the kernel's mount table (/proc/self/mountinfo). */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** The filesystem type mounted exactly at this path ("fuse.mailfs"), or null if nothing is. */
    public static String typeAt(Path mountPoint) {
        String wanted = mountPoint.toAbsolutePath().normalize().toString();
        String table;
        try {
            table = new String(Files.readAllBytes(MOUNTINFO), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String type = null;
        for (String line : table.split("\n")) {
            // id parent major:minor root MOUNT-POINT options [optional...] - TYPE source super-options
            List<String> fields = List.of(line.split(" "));
            int separator = fields.indexOf("-");
            if (separator > 4 && separator + 1 < fields.size() && unescape(fields.get(4)).equals(wanted)) {
                type = fields.get(separator + 1); // the last mount at a path is the visible one
            }
        }
        return type;
    }

    /** The kernel writes space, tab, newline and backslash in mount points as a backslash and three octal digits. */
    static String unescape(String field) {
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
                out.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
