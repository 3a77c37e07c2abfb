package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualClockPerThreadTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Four workers that each sleep 10 s in steps of 1 s, started by the calling thread, which then joins them. */
    private static void fourWorkersSleepTenSeconds(VirtualClock clock) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    clock.advance(Duration.ofSeconds(1));
                }
            });
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    @Test
    void parallelSleepers_doNotAddTheirWaitsUp_andTheJoiningThreadContinuesAtTheLatest() throws Exception {
        VirtualClock clock = VirtualClock.perThread(T0);
        clock.advance(Duration.ofSeconds(5));

        fourWorkersSleepTenSeconds(clock);

        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(15));
        assertThat(clock.latest()).isEqualTo(T0.plusSeconds(15));
        clock.advance(Duration.ofSeconds(1));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(16));
    }

    @Test
    void aSharedClock_addsParallelWaitsUp_whichIsWhyThePerThreadClockExists() throws Exception {
        VirtualClock clock = new VirtualClock(T0);
        fourWorkersSleepTenSeconds(clock);
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(40));
        assertThat(clock.isPerThread()).isFalse();
    }

    @Test
    void workersStartAtTheForkTime_andUnequalWorkersEndAtTheLongest() throws Exception {
        VirtualClock clock = VirtualClock.perThread(T0);
        clock.advance(Duration.ofSeconds(2));
        List<Instant> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int w = 1; w <= 3; w++) {
            int seconds = w * 10;
            pool.execute(() -> {
                startedAt.add(clock.instant());
                clock.advance(Duration.ofSeconds(seconds));
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(startedAt).containsOnly(T0.plusSeconds(2));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(32));
    }

    @Test
    void setMovesTheCallingThread_andNeverBackwards() {
        VirtualClock clock = VirtualClock.perThread(T0);
        clock.set(T0.plusSeconds(60));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> clock.set(T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.isPerThread()).isTrue();
    }

    @Test
    void aTaskRunOnASharedPoolThread_movesTheTimeOfTheThreadThatHandedItOver() throws Exception {
        VirtualClock clock = VirtualClock.perThread(T0);
        ExecutorService shared = Executors.newSingleThreadExecutor();
        // the pool thread (created by this thread) waits 100 s; this thread, having waited for it, continues there
        shared.submit(() -> clock.advance(Duration.ofSeconds(100))).get();
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(100));
        Instant[] seenByTask = new Instant[1];

        shared.submit(clock.carrying(() -> {
            seenByTask[0] = clock.instant();
            clock.advance(Duration.ofSeconds(3));
        })).get();
        Instant poolOwn = shared.submit(clock::instant).get();
        shared.shutdown();

        assertThat(seenByTask[0]).isEqualTo(T0.plusSeconds(100));
        assertThat(clock.instant()).as("the carried wait moved this thread").isEqualTo(T0.plusSeconds(103));
        assertThat(poolOwn).as("the pool thread's own time did not move").isEqualTo(T0.plusSeconds(100));
        Runnable plain = () -> { };
        assertThat(new VirtualClock(T0).carrying(plain)).isSameAs(plain);
    }
}
