package org.emolake.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements on {@code ;} outside quotes ('...', "...", `...`, with doubled or
 * backslash-escaped quotes inside) and outside comments ({@code -- to end of line}, {@code /* ... * /}).
 * Blank statements are dropped; comments stay in the statement text (Spark ignores them).
 */
final class SqlScript {
    private SqlScript() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < n) {
                    char d = script.charAt(end);
                    if (d == '\\' && c != '`' && end + 1 < n) {
                        end += 2;
                        continue;
                    }
                    if (d == c) {
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end + 1, n);
                current.append(script, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!onlyComments(statement)) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    /** Whether nothing but comments and blanks is left (a trailing comment after the last ;). */
    private static boolean onlyComments(String s) {
        String rest = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)--.*$", "");
        return rest.isBlank();
    }
}
