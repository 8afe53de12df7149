package org.emolake.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's layers, bottom-up: numerics → audio → features → model → scoring → training → report → job → cli.
 * The run report's renderer sits below job: job gathers a report from the lake with Spark, report draws it. A class
 * may use its own layer and those below it, never one above; Spark, Hadoop, Iceberg and Scala only in job;
 * Deeplearning4j, ND4J and their JavaCPP presets only in model (training builds models through model's small face);
 * FFmpeg's JavaCPP preset only in audio (a decoder), and JavaCPP itself only in those two. Production classes only:
 * tests may drive a layer through a higher one. (A compile-time constant of a higher layer is inlined by javac
 * and so invisible here; any other use fails the build.)
 */
class LayersTest {
    static final List<String> LAYERS = List.of("numerics", "audio", "features", "model", "scoring", "training",
            "report", "job", "cli");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.emolake");
    }

    @Test
    void noLayerUsesALayerAboveIt() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> "org.emolake." + l + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("org.emolake." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(LAYERS.get(i) + " is below " + String.join(", ", LAYERS.subList(i + 1, LAYERS.size())))
                    .check(classes);
        }
    }

    @Test
    void onlyJobKnowsSparkHadoopIcebergAndScala() {
        noClasses().that().resideOutsideOfPackage("org.emolake.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                        "org.apache.iceberg..", "scala..")
                .because("the job layer is the only Spark user; the others run in any JVM")
                .check(classes);
    }

    @Test
    void onlyModelKnowsDeeplearning4j() {
        noClasses().that().resideOutsideOfPackage("org.emolake.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                        "org.bytedeco.hdf5..", "org.bytedeco.openblas..")
                .because("the model layer wraps the network; scoring, training and the commands see only its small face")
                .check(classes);
    }

    @Test
    void onlyAudioKnowsFfmpegAndNativeBindingsStayLow() {
        noClasses().that().resideOutsideOfPackage("org.emolake.audio..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco.ffmpeg..", "com.sun.jna..")
                .because("decoding is the audio layer's; the layers above see decoded samples only")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("org.emolake.audio..", "org.emolake.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .because("JavaCPP serves the FFmpeg decoder and the model's HDF5 only")
                .check(classes);
    }
}
