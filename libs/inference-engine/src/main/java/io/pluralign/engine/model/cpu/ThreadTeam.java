package io.pluralign.engine.model.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that splits a range of work into contiguous parts, the caller taking the first. Hand-offs
 * take microseconds, not the tens that an executor's queue and wake-up take, because an idle member spins briefly
 * before parking: a decode step hands out about five parts per layer. One caller at a time.
 */
public final class ThreadTeam implements AutoCloseable {

    /** Work on the index range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final long SPIN_NANOS = 50_000;

    private final Member[] members;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean closed;

    /** A team of {@code size} threads in all, the caller included. */
    public ThreadTeam(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a team needs at least one thread, got " + size);
        }
        members = new Member[size - 1];
        for (int i = 0; i < members.length; i++) {
            members[i] = new Member();
            Thread thread = new Thread(members[i], name + "-" + (i + 1));
            thread.setDaemon(true);
            members[i].thread = thread;
            thread.start();
        }
    }

    public int size() {
        return members.length + 1;
    }

    /**
     * Runs {@code task} over [0, n) split into at most {@link #size()} parts of at least {@code grain} indices each,
     * and returns when every part is done. A part's exception is rethrown here.
     */
    public void run(int n, int grain, Range task) {
        int parts = Math.max(1, Math.min(size(), n / Math.max(1, grain)));
        if (parts == 1 || closed) {
            task.run(0, n);
            return;
        }
        failure = null;
        pending.set(parts - 1);
        for (int p = 1; p < parts; p++) {
            members[p - 1].assign(task, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts));
        }
        Throwable own = null;
        try {
            task.run(0, (int) ((long) n / parts));
        } catch (RuntimeException | Error e) {
            own = e;
        }
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
        Throwable first = own != null ? own : failure;
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Member m : members) {
            LockSupport.unpark(m.thread);
        }
    }

    private final class Member implements Runnable {
        private Thread thread;
        private Range task;
        private int from;
        private int to;
        private volatile long assigned;
        private long done;

        void assign(Range task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
            assigned = done + 1; // publishes the fields above
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!closed) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (assigned == done && !closed) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (closed) {
                    return;
                }
                done = assigned;
                try {
                    task.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }
}
