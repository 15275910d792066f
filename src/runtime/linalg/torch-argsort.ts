/**
 * torch.argsort(x) for a float tensor on the CPU (stable=False): torch runs libstdc++'s std::sort (introsort:
 * median-of-three quicksort down to runs of 16, heapsort past a depth limit, then one insertion sort pass) on
 * (value, index) pairs comparing values only, NaN last. That order among equal values is not the index order, and
 * distribution_crossover's output depends on it, so the same algorithm is replayed here step for step.
 */
export function torchArgsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  // Sorts the index permutation; keys are looked up through it.
  const less = (i: number, j: number): boolean => {
    const a = values[i]!;
    const b = values[j]!;
    return (!Number.isNaN(a) && Number.isNaN(b)) || a < b;
  };
  introsortLoop(idx, 0, n, 2 * Math.floor(Math.log2(n)), less);
  finalInsertionSort(idx, 0, n, less);
  return idx;
}

type Less = (i: number, j: number) => boolean;

const THRESHOLD = 16;

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function introsortLoop(a: Int32Array, first: number, last: number, depth: number, less: Less): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      heapSort(a, first, last, less);
      return;
    }
    depth--;
    const cut = partitionPivot(a, first, last, less);
    introsortLoop(a, cut, last, depth, less);
    last = cut;
  }
}

function partitionPivot(a: Int32Array, first: number, last: number, less: Less): number {
  const mid = first + ((last - first) >> 1);
  moveMedianToFirst(a, first, first + 1, mid, last - 1, less);
  return unguardedPartition(a, first + 1, last, first, less);
}

function moveMedianToFirst(a: Int32Array, result: number, x: number, y: number, z: number, less: Less): void {
  const ax = a[x]!,
    ay = a[y]!,
    az = a[z]!;
  if (less(ax, ay)) {
    if (less(ay, az)) swap(a, result, y);
    else if (less(ax, az)) swap(a, result, z);
    else swap(a, result, x);
  } else if (less(ax, az)) swap(a, result, x);
  else if (less(ay, az)) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartition(a: Int32Array, first: number, last: number, pivot: number, less: Less): number {
  const p = a[pivot]!;
  for (;;) {
    while (less(a[first]!, p)) first++;
    last--;
    while (less(p, a[last]!)) last--;
    if (!(first < last)) return first;
    swap(a, first, last);
    first++;
  }
}

function finalInsertionSort(a: Int32Array, first: number, last: number, less: Less): void {
  if (last - first > THRESHOLD) {
    insertionSort(a, first, first + THRESHOLD, less);
    for (let i = first + THRESHOLD; i < last; i++) unguardedLinearInsert(a, i, less);
  } else {
    insertionSort(a, first, last, less);
  }
}

function insertionSort(a: Int32Array, first: number, last: number, less: Less): void {
  for (let i = first + 1; i < last; i++) {
    const v = a[i]!;
    if (less(v, a[first]!)) {
      a.copyWithin(first + 1, first, i);
      a[first] = v;
    } else {
      unguardedLinearInsert(a, i, less);
    }
  }
}

function unguardedLinearInsert(a: Int32Array, pos: number, less: Less): void {
  const v = a[pos]!;
  let next = pos - 1;
  while (less(v, a[next]!)) {
    a[pos] = a[next]!;
    pos = next;
    next--;
  }
  a[pos] = v;
}

// std::partial_sort(first, last, last): make_heap then sort_heap, with libstdc++'s hole-based sifting.
function heapSort(a: Int32Array, first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = (len - 2) >> 1; ; parent--) {
    adjustHeap(a, first, parent, len, a[first + parent]!, less);
    if (parent === 0) break;
  }
  while (last - first > 1) {
    last--;
    const v = a[last]!;
    a[last] = a[first]!;
    adjustHeap(a, first, 0, last - first, v, less);
  }
}

function adjustHeap(a: Int32Array, first: number, hole: number, len: number, value: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (less(a[first + child]!, a[first + child - 1]!)) child--;
    a[first + hole] = a[first + child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    a[first + hole] = a[first + child - 1]!;
    hole = child - 1;
  }
  // push_heap: move the value up from the hole towards top.
  let parent = (hole - 1) >> 1;
  while (hole > top && less(a[first + parent]!, value)) {
    a[first + hole] = a[first + parent]!;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  a[first + hole] = value;
}
