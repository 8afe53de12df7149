package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Keras 3 → tf.keras 2 config translation, on configs in the exact form Keras 3.15 writes them. */
class Keras3ConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", "
            + "\"config\": {\"name\": \"%s\"}, \"registered_name\": null}";

    private static String tensor(String layer) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 110, 1], \"dtype\": \"float32\", "
                + "\"keras_history\": [\"" + layer + "\", 0, 0]}}";
    }

    private static String functional(String inputLayers, String denseDtype, String denseKwargs) {
        return "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {"
                + "\"name\": \"m\", \"trainable\": true, \"layers\": ["
                + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 110, 1],"
                + " \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"features\", \"optional\": false},"
                + " \"registered_name\": null, \"name\": \"features\", \"inbound_nodes\": []},"
                + "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"dtype\": "
                + denseDtype + ", \"units\": 2, \"kernel_initializer\": {\"module\": \"keras.initializers\","
                + " \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}},"
                + " \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 110, 1]}, \"name\": \"dense\","
                + " \"inbound_nodes\": [{\"args\": [" + tensor("features") + "], \"kwargs\": " + denseKwargs + "}]}],"
                + " \"input_layers\": " + inputLayers + ", \"output_layers\": [\"dense\", 0, 0]}}";
    }

    private static JsonNode translate(String json) throws Exception {
        return Keras3Config.toKeras2(JSON.readTree(json), "model.keras");
    }

    @Test
    void functionalConfigInTfKeras2Form() throws Exception {
        JsonNode out = translate(functional("[\"features\", 0, 0]", String.format(POLICY, "float32"), "{}"));
        JsonNode config = out.path("config");
        assertEquals("[[\"features\",0,0]]", config.path("input_layers").toString());
        assertEquals("[[\"dense\",0,0]]", config.path("output_layers").toString());
        JsonNode input = config.path("layers").path(0);
        assertEquals("[null,110,1]", input.path("config").path("batch_input_shape").toString());
        assertFalse(input.path("config").has("batch_shape"));
        JsonNode dense = config.path("layers").path(1);
        assertEquals("float32", dense.path("config").path("dtype").asText());
        assertEquals("[[[\"features\",0,0,{}]]]", dense.path("inbound_nodes").toString());
        assertFalse(dense.has("module") || dense.has("registered_name") || dense.has("build_config"));
        assertFalse(dense.path("config").path("kernel_initializer").has("module"));
        assertEquals("GlorotUniform", dense.path("config").path("kernel_initializer").path("class_name").asText());
        assertEquals(Keras3Config.TRANSLATED_VERSION, out.path("keras_version").asText());
    }

    /** Keras 3 writes one input flat; the check must count inputs, not the elements of one reference. */
    @Test
    void inputCountReadsFlatAndNestedReferences() throws Exception {
        String policy = String.format(POLICY, "float32");
        JsonNode single = translate(functional("[\"features\", 0, 0]", policy, "{}"));
        assertEquals(110, KerasModelFile.config(single, "3.15.1", "HDF5", null, "model.h5").inputLength());
        JsonNode two = translate(functional("[[\"features\", 0, 0], [\"other\", 0, 0]]", policy, "{}"));
        ModelException e = assertThrows(ModelException.class, () -> KerasModelFile.config(two, "3.15.1", "HDF5", null, "model.h5"));
        assertTrue(e.getMessage().contains("the model has 2 inputs"), e.getMessage());
        assertEquals(1, Keras3Config.tensorReferences(JSON.readTree("[\"input_layer\", 0, 0]")).size());
        assertEquals(2, Keras3Config.tensorReferences(JSON.readTree("[[\"a\", 0, 0], [\"b\", 0, 0]]")).size());
    }

    @Test
    void mixedPrecisionPolicyIsRefusedNamingTheLayer() {
        ModelException e = assertThrows(ModelException.class,
                () -> translate(functional("[\"features\", 0, 0]", String.format(POLICY, "mixed_bfloat16"), "{}")));
        assertEquals(ModelException.Code.UNSUPPORTED_MODEL, e.code());
        assertTrue(e.getMessage().contains("layer dense (Dense) uses the dtype policy mixed_bfloat16"), e.getMessage());
    }

    @Test
    void maskPassedBetweenLayersIsRefused() {
        ModelException e = assertThrows(ModelException.class, () -> translate(functional("[\"features\", 0, 0]",
                String.format(POLICY, "float32"), "{\"mask\": " + tensor("features") + "}")));
        assertTrue(e.getMessage().contains("layer dense (Dense) is called with the tensor argument mask"), e.getMessage());
    }

    @Test
    void customInitializerIsRefused() {
        String json = functional("[\"features\", 0, 0]", String.format(POLICY, "float32"), "{}")
                .replace("\"registered_name\": null}}", "\"registered_name\": \"my_package>MyInit\"}}");
        ModelException e = assertThrows(ModelException.class, () -> translate(json));
        assertTrue(e.getMessage().contains("kernel_initializer is the custom object my_package>MyInit"), e.getMessage());
    }
}
