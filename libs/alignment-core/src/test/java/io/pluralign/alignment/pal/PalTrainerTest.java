package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A synthetic population: users of three hidden types (60 / 25 / 15 %) whose ideal points differ, each with their own
 * noise, comparing random items. PAL should fit minority users far better than one reward for everyone, and learn a
 * new user from a few comparisons with the shared parameters frozen.
 */
class PalTrainerTest {
    private static final int E = 8;

    private record User(String id, double[] ideal) {}

    private static double[] gaussian(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    private static List<User> population(Random r, int count, String prefix) {
        double[][] types = {
            gaussian(new Random(100), E, 1.5), gaussian(new Random(200), E, 1.5), gaussian(new Random(300), E, 1.5)
        };
        List<User> users = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            double pick = (double) u / count;
            double[] type = types[pick < 0.6 ? 0 : pick < 0.85 ? 1 : 2];
            double[] ideal = type.clone();
            double[] noise = gaussian(r, E, 0.3);
            for (int i = 0; i < E; i++) {
                ideal[i] += noise[i];
            }
            users.add(new User(prefix + u, ideal));
        }
        return users;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** Comparisons the user makes by their true reward, with logistic noise. */
    private static List<Comparison> compare(User user, Random r, int n) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = gaussian(r, E, 1.5);
            double[] y = gaussian(r, E, 1.5);
            double margin = distance(y, user.ideal()) - distance(x, user.ideal());
            boolean prefersX = r.nextDouble() < PalModel.sigmoid(margin);
            out.add(prefersX ? new Comparison(user.id(), x, y) : new Comparison(user.id(), y, x));
        }
        return out;
    }

    private static double accuracy(PalModel model, Map<String, double[]> thetas, List<Comparison> data) {
        int right = 0;
        for (Comparison c : data) {
            double[] theta = thetas.getOrDefault(c.user(), new double[model.prototypeCount()]);
            right += model.reward(theta, c.chosen()) > model.reward(theta, c.rejected()) ? 1 : 0;
        }
        return (double) right / data.size();
    }

    @Test
    void aSharedLinearRewardLearnsAPreferenceEveryoneHas() {
        Random r = new Random(3);
        double[] direction = gaussian(r, E, 1);
        List<Comparison> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] x = gaussian(r, E, 1);
            double[] y = gaussian(r, E, 1);
            double dx = 0;
            double dy = 0;
            for (int j = 0; j < E; j++) {
                dx += direction[j] * x[j];
                dy += direction[j] * y[j];
            }
            data.add(dx > dy ? new Comparison("u", x, y) : new Comparison("u", y, x));
        }
        LinearBradleyTerry fit = LinearBradleyTerry.fit(data.subList(0, 200), E, 1e-4, 300);
        assertThat(data.subList(200, 300).stream().filter(fit::agrees).count()).isGreaterThan(90);
    }

    @Test
    void palFitsMinorityUsersBetterThanOneRewardForEveryoneAndLearnsNewUsersFromFewComparisons() {
        Random r = new Random(7);
        List<User> users = population(r, 40, "u");
        List<Comparison> train = new ArrayList<>();
        List<Comparison> heldOut = new ArrayList<>();
        for (User u : users) {
            train.addAll(compare(u, r, 40));
            heldOut.addAll(compare(u, r, 30));
        }
        PalTrainer.Options options = PalTrainer.Options.defaults();

        PalModel pal = PalModel.random(E, E, 3, 1);
        Map<String, double[]> thetas = new HashMap<>();
        PalTrainer.fitShared(pal, train, thetas, options);

        PalModel shared = PalModel.random(E, E, 1, 1); // one prototype: the same reward for everyone
        Map<String, double[]> none = new HashMap<>();
        PalTrainer.fitShared(shared, train, none, options);

        List<Comparison> minority = heldOut.stream()
                .filter(c -> Integer.parseInt(c.user().substring(1)) >= 24)
                .toList();
        double palMinority = accuracy(pal, thetas, minority);
        double sharedMinority = accuracy(shared, none, minority);
        System.out.printf(
                "held out: PAL %.3f vs shared %.3f overall; minority users %.3f vs %.3f%n",
                accuracy(pal, thetas, heldOut), accuracy(shared, none, heldOut), palMinority, sharedMinority);
        assertThat(palMinority).isGreaterThan(sharedMinority + 0.1);
        assertThat(accuracy(pal, thetas, heldOut)).isGreaterThan(0.75);

        // new users, shared parameters frozen
        List<User> newcomers = population(new Random(11), 20, "new");
        double[] byCount = new double[3];
        int[] counts = {0, 5, 20};
        for (User u : newcomers) {
            List<Comparison> seen = compare(u, r, 20);
            List<Comparison> test = compare(u, r, 40);
            for (int i = 0; i < counts.length; i++) {
                double[] theta = PalTrainer.fitUser(pal, seen.subList(0, counts[i]), null, 100, options);
                byCount[i] += accuracy(pal, Map.of(u.id(), theta), test) / newcomers.size();
            }
        }
        System.out.printf(
                "new users after 0 / 5 / 20 comparisons: %.3f / %.3f / %.3f%n", byCount[0], byCount[1], byCount[2]);
        assertThat(byCount[1]).isGreaterThan(byCount[0]);
        assertThat(byCount[2]).isGreaterThan(byCount[0] + 0.05);

        // an independent linear reward per new user, from the same number of comparisons, knows far less than PAL
        double independent = 0;
        Random again = new Random(13);
        for (User u : newcomers) {
            List<Comparison> seen = compare(u, again, 5);
            List<Comparison> test = compare(u, again, 40);
            LinearBradleyTerry own = LinearBradleyTerry.fit(seen, E, 1e-2, 200);
            independent += test.stream().filter(own::agrees).count() / 40.0 / newcomers.size();
        }
        System.out.printf("new users after 5 comparisons, independent linear reward: %.3f%n", independent);
        assertThat(byCount[1]).isGreaterThan(independent);
    }
}
