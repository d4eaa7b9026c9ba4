package io.mig.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The command loop of a load client that {@code bench/run} keeps for a whole goal: one line in on
 * stdin, its answer on stdout.
 * <ul>
 * <li>{@code warm NAME}: runs NAME until its rate is stable ({@link Phases}), answers {@code WARMED NAME rate};</li>
 * <li>{@code run NAME SECONDS}: starts NAME, lets it settle for one window, answers {@code MEASURING},
 * measures SECONDS, answers the {@code RESULT} line, stops;</li>
 * <li>{@code quit}.</li>
 * </ul>
 * {@code bench/run} reads the servers' CPU time between {@code MEASURING} and {@code RESULT}.
 */
final class LoadCommands {
    private LoadCommands() {
    }

    static void serve(Map<String, Load> loads, Args args) throws Exception {
        Phases phases = new Phases(args);
        double settle = args.decimal("settle", 1);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY " + String.join(",", loads.keySet()));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("quit")) {
                break;
            }
            Load load = loads.get(words.length > 1 ? words[1] : "");
            if (load == null) {
                System.out.println("ERROR unknown command or load: " + line);
                continue;
            }
            load.start();
            if (words[0].equals("warm")) {
                double rate = phases.warmUp(words[1], load.counter());
                load.stop();
                System.out.printf(java.util.Locale.ROOT, "WARMED %s %.0f%n", words[1], rate);
            } else {
                Thread.sleep((long) (settle * 1000));
                load.reset();
                System.out.println("MEASURING");
                long start = System.nanoTime();
                Thread.sleep((long) (Double.parseDouble(words[2]) * 1000));
                String result = load.result((System.nanoTime() - start) / 1e9);
                System.out.println(result);
                load.stop();
            }
        }
    }
}
