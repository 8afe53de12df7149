package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class CnnLstmTrainerTest {

    /** Random labels: nothing to learn, so validation loss soon rises and patience 1 stops training. */
    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        Random random = new Random(3);
        int n = 96;
        float[][] x = new float[n][110];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 110; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = random.nextInt(3);
        }
        float[][] vx = new float[24][];
        int[] vy = new int[24];
        for (int i = 0; i < 24; i++) {
            vx[i] = x[i];
            vy[i] = (y[i] + 1) % 3; // validation labels disagree with the training labels: overfitting hurts
        }
        CnnLstmTrainer.Config config = new CnnLstmTrainer.Config(25, 16, 1, 3e-3, 11);
        List<CnnLstmTrainer.EpochStats> seen = new ArrayList<>();
        CnnLstmTrainer.Result result = new CnnLstmTrainer(config).train(x, y, vx, vy, 3, seen::add);

        assertEquals(seen, result.history());
        assertTrue(result.stoppedEarly(), "expected an early stop: " + result.history());
        int best = 0;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).valLoss() < seen.get(best).valLoss()) {
                best = i;
            }
        }
        assertEquals(best + 1, result.bestEpoch());
        assertEquals(result.bestEpoch() + 1, seen.size(), "patience 1 stops one epoch after the best");
        double restored = result.network().network().score(
                new DataSet(CnnLstmTrainer.input(vx), CnnLstmTrainer.oneHot(vy, 3)), false);
        assertEquals(seen.get(best).valLoss(), restored, 1e-6);
        assertTrue(seen.get(seen.size() - 1).valLoss() > restored);
    }

    @Test
    void progressLineHasKerasFields() {
        String line = new CnnLstmTrainer.EpochStats(3, 0.5, 0.75, 0.6, 0.7).line(50);
        assertEquals("epoch 3/50 - loss: 0.5000 - accuracy: 0.7500 - val_loss: 0.6000 - val_accuracy: 0.7000", line);
    }
}
