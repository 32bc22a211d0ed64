package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void sizesAsPeopleWriteThem() {
        assertEquals(0, ByteSize.parse("0"));
        assertEquals(4096, ByteSize.parse("4096"));
        assertEquals(10L << 10, ByteSize.parse("10K"));
        assertEquals(500L << 20, ByteSize.parse("500M"));
        assertEquals(500L << 20, ByteSize.parse("500m"));
        assertEquals(500L << 20, ByteSize.parse("500MB"));
        assertEquals(500L << 20, ByteSize.parse("500MiB"));
        assertEquals(2L << 30, ByteSize.parse("2G"));
        assertEquals(3L << 29, ByteSize.parse("1.5G"));
        assertEquals(1L << 40, ByteSize.parse(" 1T "));
    }

    @Test
    void anythingElseIsRefusedWithWhatIsAllowed() {
        for (String bad : new String[] {"", "lots", "-1", "5X", "G", "1e9", "2 GB extra", "99999999999T"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
