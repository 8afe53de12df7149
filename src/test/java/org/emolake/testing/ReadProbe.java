package org.emolake.testing;

import java.nio.file.Paths;
import org.emolake.audio.AudioException;
import org.emolake.audio.ClipFiles;

/**
 * {@code java ReadProbe PATH}: reads a file through {@link ClipFiles#read} and prints {@code OK <bytes>} or
 * {@code <ERROR_CODE> <message>}. Run by tests as another user (root ignores permission bits).
 */
public final class ReadProbe {
    private ReadProbe() {
    }

    public static void main(String[] args) {
        try {
            byte[] bytes = ClipFiles.read(Paths.get(args[0]), ClipFiles.MAX_ARRAY_BYTES);
            System.out.println("OK " + bytes.length);
        } catch (AudioException e) {
            System.out.println(e.code() + " " + e.getMessage());
        }
    }
}
