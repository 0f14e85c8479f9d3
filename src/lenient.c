/* lenient.c - forgiving readings of workbook cells (see lenient.h). */
#include "lenient.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

bool lenient_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "是", "有", "√", "✓", "✔"};
	static const char *const no[] = {"false", "否", "无", "×", "✗", "✘"};
	for (size_t i = 0; i < countof(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Whether s[0..*n) ends with suffix; if so *n loses it. */
static bool cut_suffix(const char *s, size_t *n, const char *suffix)
{
	size_t k = strlen(suffix);
	if (!k || *n < k || memcmp(s + *n - k, suffix, k) != 0)
		return false;
	*n -= k;
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The mantissa: [sign] digits, in groups of three after the first when
 * there are commas, [. digits].  The digits without the commas go to
 * whole and frac; false for any other shape (1,00; ,100; 1.; 1e3). */
static bool mantissa(const char *s, size_t n, char *sign, char *whole,
		     char *frac, size_t size)
{
	size_t i = 0, w = 0, f = 0, group = 0;
	bool commas = false;
	*sign = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		*sign = s[i++];
	for (; i < n && s[i] != '.'; i++) {
		if (s[i] == ',') {
			/* A separator follows 1 to 3 digits first, then 3. */
			if (group == 0 || group > 3 || (commas && group != 3))
				return false;
			commas = true;
			group = 0;
			continue;
		}
		if (!is_digit(s[i]) || w + 1 >= size)
			return false;
		whole[w++] = s[i];
		group++;
	}
	if (group == 0 || (commas && group != 3))
		return false;
	if (i < n) {
		for (i++; i < n; i++) {
			if (!is_digit(s[i]) || f + 1 >= size)
				return false;
			frac[f++] = s[i];
		}
		if (f == 0)
			return false;
	}
	whole[w] = frac[f] = '\0';
	return true;
}

/* sign whole.frac times 10^shift as a plain decimal in buf: the point is
 * moved, so 1.5万 is exactly 15000. */
static bool shifted(char sign, const char *whole, const char *frac, int shift,
		    char *buf, size_t size)
{
	char digits[128];
	size_t nw = strlen(whole), nf = strlen(frac);
	if (nw + nf + (size_t)shift + 3 > sizeof digits || nw + nf + (size_t)shift + 3 > size)
		return false;
	snprintf(digits, sizeof digits, "%s%s", whole, frac);
	size_t nd = nw + nf, point = nw + (size_t)shift;
	while (nd < point)
		digits[nd++] = '0';
	/* Leading zeros go (one stays before the point); trailing zeros of the
	 * fraction too, and the point with them. */
	size_t from = 0;
	while (from + 1 < point && digits[from] == '0')
		from++;
	while (nd > point && digits[nd - 1] == '0')
		nd--;
	char *o = buf;
	if (sign == '-')
		*o++ = '-';
	memcpy(o, digits + from, point - from);
	o += point - from;
	if (nd > point) {
		*o++ = '.';
		memcpy(o, digits + point, nd - point);
		o += nd - point;
	}
	*o = '\0';
	return true;
}

enum lenient_num lenient_number(const char *s, const char *unit, char *buf,
				size_t size)
{
	size_t n = strlen(s);
	bool changed = false;
	if (unit && cut_suffix(s, &n, unit)) {
		changed = true;
		while (n && s[n - 1] == ' ')
			n--;
	}
	int shift = cut_suffix(s, &n, "万") ? 4 : cut_suffix(s, &n, "亿") ? 8 : 0;
	changed = changed || shift;
	if (!changed && !memchr(s, ',', n))
		return LN_ASIS;
	char sign, whole[64], frac[64];
	if (!mantissa(s, n, &sign, whole, frac, sizeof whole) ||
	    !shifted(sign, whole, frac, shift, buf, size))
		return LN_BAD;
	return LN_OK;
}
