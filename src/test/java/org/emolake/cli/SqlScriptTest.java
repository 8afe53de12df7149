package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), SqlScript.split("SELECT 1; SELECT 2;"));
        assertEquals(List.of("SELECT 'a;b', \"c;d\", `e;f`"), SqlScript.split("SELECT 'a;b', \"c;d\", `e;f`"));
        assertEquals(List.of("SELECT 'it''s; here'", "SELECT 'x\\';y'"),
                SqlScript.split("SELECT 'it''s; here'; SELECT 'x\\';y'"));
        assertEquals(List.of("-- a; comment\nSELECT 1", "/* b; c */ SELECT 2"),
                SqlScript.split("-- a; comment\nSELECT 1;\n/* b; c */ SELECT 2;\n-- trailing; comment\n"));
        assertEquals(List.of(), SqlScript.split(" ;; \n"));
        assertEquals(List.of("SELECT 'unterminated;"), SqlScript.split("SELECT 'unterminated;"));
    }
}
