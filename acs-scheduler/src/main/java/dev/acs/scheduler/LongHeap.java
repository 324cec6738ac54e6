package dev.acs.scheduler;

import java.util.Arrays;

/** A binary min-heap of primitive longs (no boxing), for the ranked candidate pools. */
final class LongHeap {
    private long[] items;
    private int size;

    LongHeap(int capacity) {
        items = new long[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void push(long value) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (items[parent] <= value) {
                break;
            }
            items[i] = items[parent];
            i = parent;
        }
        items[i] = value;
    }

    /** Removes and returns the smallest value; the heap must not be empty. */
    long pop() {
        long top = items[0];
        items[0] = items[--size];
        if (size > 0) {
            siftDown(0);
        }
        return top;
    }

    /** Replaces the content with {@code values[0..count)} and restores the heap order in linear time. */
    void heapify(long[] values, int count) {
        items = Arrays.copyOf(values, Math.max(16, count));
        size = count;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void siftDown(int i) {
        long value = items[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && items[child + 1] < items[child]) {
                child++;
            }
            if (value <= items[child]) {
                break;
            }
            items[i] = items[child];
            i = child;
        }
        items[i] = value;
    }
}
