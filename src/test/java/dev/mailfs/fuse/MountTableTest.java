package dev.mailfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MountTableTest {

    // --- unescape ------------------------------------------------------------------------------

    @Test
    void spaceIsUnescaped() {
        assertEquals("/tmp/a b", MountTable.unescape("/tmp/a\\040b"));
    }

    @Test
    void tabNewlineAndBackslashAreUnescaped() {
        assertEquals("/tmp/a\tb", MountTable.unescape("/tmp/a\\011b"));
        assertEquals("/tmp/a\nb", MountTable.unescape("/tmp/a\\012b"));
        assertEquals("/tmp/a\\b", MountTable.unescape("/tmp/a\\134b"));
    }

    @Test
    void severalEscapesInOneField() {
        assertEquals("/home/me/My Mail\\ \t", MountTable.unescape("/home/me/My\\040Mail\\134\\040\\011"));
    }

    @Test
    void escapedBackslashIsNotUnescapedTwice() {
        // a directory literally named "\040" shows as "\134040"
        assertEquals("/tmp/\\040", MountTable.unescape("/tmp/\\134040"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/home/alice/Mail", "/", "/tmp/ümlaut/日本/📧", "/tmp/a\\b", "/tmp/a\\08", "/tmp/end\\04", "/tmp/\\"})
    void textWithoutCompleteEscapesIsUnchanged(String field) {
        assertEquals(field, MountTable.unescape(field));
    }

    @Test
    void nonAsciiPassesThroughNextToEscapes() {
        assertEquals("/home/jürgen/Post eingang/日本", MountTable.unescape("/home/jürgen/Post\\040eingang/日本"));
    }

    @Test
    void octalEscapesOfUtf8BytesMakeOneCharacter() {
        // should the kernel ever escape the bytes of a multi-byte character, they still decode as UTF-8
        assertEquals("/tmp/ü", MountTable.unescape("/tmp/\\303\\274"));
    }

    // --- mount options -------------------------------------------------------------------------

    private static List<String> optionList(String source) {
        return optionList(source, false);
    }

    private static List<String> optionList(String source, boolean ownInodes) {
        String[] args = FuseMount.options(source, ownInodes);
        assertEquals(2, args.length);
        assertEquals("-o", args[0]);
        return Arrays.asList(args[1].split(",", -1));
    }

    @Test
    void inodesAreNumberedByMailfsOnlyWhenItSaysSo() {
        assertFalse(optionList("alice@imap.example.com").contains("use_ino"));
        assertTrue(optionList("alice@gmail.com", true).contains("use_ino"));
    }

    @Test
    void optionsNameTheMountAndProtectIt() {
        List<String> options = optionList("alice@imap.example.com");

        assertTrue(options.contains("fsname=mailfs:alice@imap.example.com"), options.toString());
        assertTrue(options.contains("subtype=mailfs"), options.toString());
        assertTrue(options.contains("auto_unmount"), options.toString());
        assertTrue(options.contains("default_permissions"), options.toString());
    }

    @Test
    void optionsNeverAllowOtherUsers() {
        List<String> options = optionList("alice@host");
        assertFalse(options.contains("allow_other"));
        assertFalse(options.contains("allow_root"));
    }

    @Test
    void optionsHaveNoEmptyEntries() {
        assertFalse(optionList("alice@host").contains(""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice,bob@host       | mailfs:alice_bob@host",
            "alice bob@host       | mailfs:alice_bob@host",
            "alice@host,allow_other | mailfs:alice@host_allow_other",
            "a\\b@host            | mailfs:a_b@host",
    })
    void sourceWithCommaSpaceOrBackslashIsMadeSafe(String source, String fsname) {
        List<String> options = optionList(source);
        List<String> plain = optionList("alice@host");

        assertEquals(plain.size(), options.size(), "the source added or removed an option: " + options);
        assertTrue(options.contains("fsname=" + fsname), options.toString());
        assertFalse(options.contains("allow_other"), options.toString());
    }

    @Test
    void sourceWithTabOrNewlineIsMadeSafe() {
        List<String> options = optionList("alice\t@host\n");
        assertTrue(options.contains("fsname=mailfs:alice_@host_"), options.toString());
        assertEquals(optionList("alice@host").size(), options.size());
    }
}
