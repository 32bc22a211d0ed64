package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListedAddressesTest {
    private static HeaderFields header(String from, String to) {
        return HeaderFields.parse(("From: " + from + "\r\nTo: " + to + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachAddressIsShownAsTheHeaderShowsItAndKeptOnceForAllItsMessages() {
        ListedAddresses addresses = new ListedAddresses();
        HeaderFields first = header("=?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>", "me@example.org, \"Bob B\" <bob@example.org>");
        HeaderFields second = header("=?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>", "me@example.org, \"Bob B\" <bob@example.org>");

        assertEquals(first.from(), addresses.from(first));
        assertEquals(first.to(), addresses.to(first));
        assertSame(addresses.from(first), addresses.from(second));
        assertSame(addresses.to(first), addresses.to(second));
    }

    @Test
    void aFromAndAToOfTheSameTextAreEachShownTheirOwnWay() {
        ListedAddresses addresses = new ListedAddresses();
        HeaderFields fields = header("a@example.org, b@example.org", "a@example.org, b@example.org");

        assertEquals("a@example.org", addresses.from(fields));
        assertEquals("a@example.org, b@example.org", addresses.to(fields));
    }
}
