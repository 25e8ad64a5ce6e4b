package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Metrics lines are valid JSON, also when a figure does not apply. */
class UpdateMetricsTest {
    @Test
    void jsonLinesParseAndUseNullForMissingFigures() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(new UpdateMetrics(3, 1, 1.5, 0.25, 0.002, 100, 200, 0.5, 0.4, 1.75).toJson());
        assertEquals(3, a.get("iteration").asLong());
        assertEquals(400, a.get("steps_per_s").asDouble(), 1e-9);
        assertEquals(0.2, a.get("outside_share").asDouble(), 1e-9);
        assertEquals(1.75, a.get("validation_loss").asDouble(), 1e-9);
        JsonNode b = json.readTree(new UpdateMetrics(4, 4, 2.0, Double.NaN, Double.NaN, 100, 200, 0.5, Double.NaN,
                Double.NaN).toJson());
        assertTrue(b.get("lr").isNull());
        assertTrue(b.get("kernel_seconds").isNull());
        assertTrue(b.get("outside_share").isNull());
        assertFalse(b.has("validation_loss"));
    }
}
