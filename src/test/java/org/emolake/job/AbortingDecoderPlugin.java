package org.emolake.job;

import com.sun.jna.NativeLibrary;
import org.emolake.audio.AudioDecoderPlugin;
import org.emolake.audio.DecodedWav;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A decoder plug-in that kills its JVM as a crashing native decoder does: libc {@code abort()} on content starting
 * with {@link #MAGIC}. Never registered on the test class path: {@link DecoderCrashIT} packs it, with its service
 * file, into a jar passed to spark-submit.
 */
public final class AbortingDecoderPlugin implements AudioDecoderPlugin {
    static final byte[] MAGIC = "EMOLAKE-ABORT".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean accepts(ByteBuffer head) {
        if (head.remaining() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head.get(head.position() + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public DecodedWav decode(ByteBuffer bytes, String name, double maxDurationSeconds) {
        NativeLibrary.getInstance("c").getFunction("abort").invoke(new Object[0]);
        throw new AssertionError("abort() returned");
    }
}
