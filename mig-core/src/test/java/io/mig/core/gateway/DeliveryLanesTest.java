package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryLanesTest {
    @Test
    void aLaneRunsItsTasksInOrderFromManyThreadsAndSurvivesAFailingOne() throws Exception {
        try (DeliveryLanes lanes = new DeliveryLanes(2, "test-lane")) {
            Executor lane = lanes.next();
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            lane.execute(() -> {
                throw new IllegalStateException("one subscriber's failure");
            });
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                lane.execute(() -> ran.add(n));
            }
            lane.execute(done::countDown);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasSize(10_000);
            for (int i = 0; i < ran.size(); i++) {
                assertThat(ran.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void subscriptionsTakeTheLanesInTurnAndAStoppedLaneRefusesWork() {
        DeliveryLanes lanes = new DeliveryLanes(2, "test-lane");
        Executor first = lanes.next();
        Executor second = lanes.next();
        assertThat(first).isNotSameAs(second);
        assertThat(lanes.next()).isSameAs(first);
        lanes.close();
        assertThatThrownBy(() -> first.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aBlockedTaskHoldsUpOnlyItsOwnLane() throws Exception {
        try (DeliveryLanes lanes = new DeliveryLanes(2, "test-lane")) {
            Executor blocked = lanes.next();
            Executor other = lanes.next();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch otherRan = new CountDownLatch(1);
            blocked.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.execute(otherRan::countDown);
            assertThat(otherRan.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
        }
    }
}
