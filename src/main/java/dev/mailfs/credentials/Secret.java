package dev.mailfs.credentials;

import java.util.Optional;

/** What logs in: a password, or an OAuth2 access token that can be fetched afresh. */
public interface Secret {
    /** The current password or token. The caller must not keep or print it. */
    char[] value();

    /** True for an OAuth2 access token, used with SASL XOAUTH2 instead of LOGIN. */
    boolean isOAuthToken();

    /** A fresh value after the server rejected this one; empty when there is nothing fresher to get. */
    Optional<char[]> renew();

    /** Where it came from, for messages ("the password command"); never the value. */
    String origin();

    static Secret password(char[] password, String origin) {
        char[] kept = password.clone();
        return new Secret() {
            @Override
            public char[] value() {
                return kept.clone();
            }

            @Override
            public boolean isOAuthToken() {
                return false;
            }

            @Override
            public Optional<char[]> renew() {
                return Optional.empty();
            }

            @Override
            public String origin() {
                return origin;
            }
        };
    }
}
