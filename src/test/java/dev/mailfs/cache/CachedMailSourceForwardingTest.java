package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailfs.mail.MailSource;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A method added to MailSource with a default must not bypass the cache unnoticed. */
class CachedMailSourceForwardingTest {
    @Test
    void everyMethodOfMailSourceIsDeclaredByTheCache() {
        List<String> leftToDefaults = Arrays.stream(MailSource.class.getMethods())
                .filter(method -> !declaredByCache(method))
                .map(Method::toGenericString)
                .toList();
        assertEquals(List.of(), leftToDefaults);
    }

    private static boolean declaredByCache(Method method) {
        try {
            CachedMailSource.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
