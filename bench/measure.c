/* Medians of cycle counts, printed for tools/bench.sh. */
#include <stdio.h>
#include "measure.h"

/* The k-th smallest of a[0..n): quickselect. */
static uint64_t select_kth(uint64_t *a, int n, int k)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		uint64_t pivot = a[(lo + hi) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				uint64_t t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

void report(const char *name, uint64_t *samples, int n)
{
	report_value(name, select_kth(samples, n, n / 2));
}

void report_value(const char *name, uint64_t value)
{
	printf("bench %s %lu\n", name, value);
}
