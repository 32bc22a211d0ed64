package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EncodedWordsTest {
    @Test
    void plainTextStaysAsItIs() {
        assertEquals("Quarterly report: 3 = 4?", EncodedWords.decode("Quarterly report: 3 = 4?"));
    }

    @Test
    void base64AndQuotedPrintableWords() {
        assertEquals("Grüße", EncodedWords.decode("=?UTF-8?B?R3LDvMOfZQ==?="));
        assertEquals("Grüße aus Köln", EncodedWords.decode("=?iso-8859-1?q?Gr=FC=DFe_aus_K=F6ln?="));
    }

    @Test
    void textAroundWordsIsKeptAndSpaceBetweenWordsIsNot() {
        assertEquals("Re: Grüße und Grüße!", EncodedWords.decode("Re: =?UTF-8?B?R3LDvMOfZQ==?= und =?UTF-8?B?R3LDvMOfZQ==?=!"));
        assertEquals("ab", EncodedWords.decode("=?UTF-8?Q?a?=   =?UTF-8?Q?b?="));
    }

    /** Seen in real mail and in the benchmark's mailbox: "déjà" with "à" cut between two words. */
    @Test
    void aCharacterSplitAcrossTwoWordsIsWhole() {
        assertEquals("Any solution said forest has meeting déjà vu work", EncodedWords.decode(
                "=?UTF-8?B?QW55IHNvbHV0aW9uIHNhaWQgZm8=?= =?UTF-8?B?cmVzdCBoYXMgbWVldGluZyBkw6lq?= =?UTF-8?B?w6AgdnUgd29yaw==?="));
    }

    @Test
    void foldedLinesAreJoined() {
        assertEquals("one two", EncodedWords.decode("one\r\n two"));
    }

    @Test
    void whatCannotBeDecodedStays() {
        assertEquals("=?x-unknown?B?R3LDvMOfZQ==?=", EncodedWords.decode("=?x-unknown?B?R3LDvMOfZQ==?="));
        assertEquals("=?UTF-8?B?!!!?= tail", EncodedWords.decode("=?UTF-8?B?!!!?= tail"));
    }

    @Test
    void aLanguageSuffixIsIgnored() {
        assertEquals("Hi", EncodedWords.decode("=?UTF-8*en?Q?Hi?="));
    }
}
