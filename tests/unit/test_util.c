/*
 * Unit tests for the pure helpers: base64url, UTF-8, e-mail, integers,
 * trimming, money, redirect targets, Accept-Language, hashes, tokens,
 * times and the secret file (cgi/util.c, cgi/render.c, cgi/http.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "core/core.h"

/* ---- base64url --------------------------------------------------------- */

static void
check_b64(const char *plain, size_t len, const char *enc)
{
	char		*e = b64url_encode((const unsigned char *)plain, len);
	unsigned char	*d = NULL;
	size_t		 dlen = 99;

	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e, enc);
	ck_assert_int_eq(b64url_decode(enc, strlen(enc), &d, &dlen), 0);
	ck_assert_uint_eq(dlen, len);
	if (len > 0)
		ck_assert_mem_eq(d, plain, len);
	free(e);
	free(d);
}

START_TEST(test_b64url_vectors)
{
	/* RFC 4648 §10, unpadded */
	check_b64("", 0, "");
	check_b64("f", 1, "Zg");
	check_b64("fo", 2, "Zm8");
	check_b64("foo", 3, "Zm9v");
	check_b64("foob", 4, "Zm9vYg");
	check_b64("fooba", 5, "Zm9vYmE");
	check_b64("foobar", 6, "Zm9vYmFy");
	/* the URL-safe alphabet: 62 and 63 are - and _ */
	check_b64("\xfb\xff", 2, "-_8");
	check_b64("\x00\x00\x00", 3, "AAAA");
}
END_TEST

START_TEST(test_b64url_round_trip)
{
	unsigned char	 buf[64], *d;
	size_t		 len, dlen, i;
	char		*e;

	for (len = 0; len <= sizeof(buf); len++) {
		for (i = 0; i < len; i++)
			buf[i] = (unsigned char)(i * 37 + len * 11 + 250);
		e = b64url_encode(buf, len);
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq(strlen(e), (len * 8 + 5) / 6);
		ck_assert_uint_eq(strspn(e, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_"), strlen(e));
		d = NULL;
		ck_assert_int_eq(b64url_decode(e, strlen(e), &d, &dlen), 0);
		ck_assert_uint_eq(dlen, len);
		if (len > 0)
			ck_assert_mem_eq(d, buf, len);
		free(d);
		free(e);
	}
}
END_TEST

static int
b64_rejects(const char *in)
{
	unsigned char	*d = NULL;
	size_t		 dlen = 0;
	int		 rc = b64url_decode(in, strlen(in), &d, &dlen);

	if (rc == 0)
		free(d);
	else
		ck_assert_ptr_null(d);	/* nothing handed out on error */
	return rc != 0;
}

START_TEST(test_b64url_rejects)
{
	ck_assert(b64_rejects("Zg=="));		/* padding is not base64url here */
	ck_assert(b64_rejects("Zg="));
	ck_assert(b64_rejects("Z"));		/* a length no encoder makes */
	ck_assert(b64_rejects("Zm9vY"));
	ck_assert(b64_rejects("Zm+v"));		/* the other alphabet */
	ck_assert(b64_rejects("Zm/v"));
	ck_assert(b64_rejects("Zm9 v"));
	ck_assert(b64_rejects("Zm9\n"));
	ck_assert(b64_rejects("Zm9v\xc3\xa9"));
	/* non-canonical: leftover bits must be zero, so one value has one spelling */
	ck_assert(b64_rejects("Zh"));		/* "f" is Zg */
	ck_assert(b64_rejects("Zm9"));		/* "fo" is Zm8 */
	ck_assert(b64_rejects("-_-"));		/* "\xfb\xff" is -_8 */
	ck_assert(!b64_rejects("Zg"));
	ck_assert(!b64_rejects("Zm8"));
	/* a NUL inside the given length is a bad character, not the end */
	{
		unsigned char *d = NULL;
		size_t dlen;

		ck_assert_int_ne(b64url_decode("Zm\0v", 4, &d, &dlen), 0);
		ck_assert_ptr_null(d);
	}
}
END_TEST

/* ---- UTF-8 ------------------------------------------------------------- */

static int
u8(const char *s)
{
	return utf8_valid(s, strlen(s));
}

START_TEST(test_utf8_valid)
{
	ck_assert(u8(""));
	ck_assert(u8("plain ASCII ~"));
	ck_assert(u8("Қазақстан, Семей"));
	ck_assert(u8("\xe2\x82\xac"));			/* € */
	ck_assert(u8("\xf0\x9f\x8e\xab"));		/* 🎫 */
	ck_assert(u8("\xef\xbf\xbf"));			/* U+FFFF */
	ck_assert(u8("\xf4\x8f\xbf\xbf"));		/* U+10FFFF, the last one */
	ck_assert(u8("\xed\x9f\xbf"));			/* U+D7FF, before the surrogates */
	ck_assert(u8("\xee\x80\x80"));			/* U+E000, after them */

	ck_assert(!u8("\xc0\x80"));			/* overlong NUL */
	ck_assert(!u8("\xc1\xbf"));			/* overlong ASCII */
	ck_assert(!u8("\xe0\x80\xaf"));			/* overlong / */
	ck_assert(!u8("\xe0\x9f\xbf"));			/* overlong U+07FF */
	ck_assert(!u8("\xf0\x82\x82\xac"));		/* overlong € */
	ck_assert(!u8("\xf0\x8f\xbf\xbf"));		/* overlong U+FFFF */
	ck_assert(!u8("\xed\xa0\x80"));			/* U+D800 */
	ck_assert(!u8("\xed\xbf\xbf"));			/* U+DFFF */
	ck_assert(!u8("\xed\xa0\xbd\xed\xb2\xa9"));	/* CESU-8 surrogate pair */
	ck_assert(!u8("\xf4\x90\x80\x80"));		/* above U+10FFFF */
	ck_assert(!u8("\xf5\x80\x80\x80"));
	ck_assert(!u8("\xf8\x88\x80\x80\x80"));		/* 5-byte form */
	ck_assert(!u8("\xfe"));
	ck_assert(!u8("\xff"));
	ck_assert(!u8("\x80"));				/* lone continuation */
	ck_assert(!u8("a\xbf"));
	ck_assert(!u8("\xe2\x82"));			/* truncated */
	ck_assert(!u8("\xd0"));
	ck_assert(!u8("ok\xf0\x9f\x8e"));
	ck_assert(!u8("\xe2\x28\xa1"));			/* bad continuation */
	ck_assert(!u8("\xd0\xc0"));
	/* NUL inside the length */
	ck_assert(!utf8_valid("a\0b", 3));
	ck_assert(utf8_valid("a\0b", 1));
	/* the length is the limit: a character cut by it is truncated */
	ck_assert(!utf8_valid("ab\xd0\x96", 3));
	ck_assert(utf8_valid("ab\xd0\x96", 4));
	ck_assert(utf8_valid("\xd0\x96xyz", 2));
}
END_TEST

START_TEST(test_utf8_len)
{
	ck_assert_uint_eq(utf8_len(""), 0);
	ck_assert_uint_eq(utf8_len("abc"), 3);
	ck_assert_uint_eq(utf8_len("Қазақ"), 5);
	ck_assert_uint_eq(utf8_len("a\xe2\x82\xac\xf0\x9f\x8e\xab"), 3);
}
END_TEST

/* ---- e-mail ------------------------------------------------------------ */

START_TEST(test_email_valid)
{
	static const char *const good[] = {
		"a@b.co", "name@example.com", "first.last@sub.example.kz",
		"x+tag@example.com", "o'brien@example.ie", "a_b-c@ex-ample.com",
		"UPPER@EXAMPLE.COM", "1@2.io",
		"!#$%&'*+/=?^_`{|}~-@example.com",
		/* 64 characters of local part are allowed */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
	};
	static const char *const bad[] = {
		"", "a", "@", "a@", "@b.co", "ab.co", "a@b", "a@b.c", "a@@b.co", "a@b@c.co",
		"a b@c.co", "a@b c.co", "\"a\"@b.co", "a@b.co ", " a@b.co", "a@b.co\r\nBcc: x@y.z",
		".a@b.co", "a.@b.co", "a..b@c.co", "a@.b.co", "a@b..co", "a@b-.co", "a@b.co-",
		"a@b.co.", "a@b_c.co", "a@[127.0.0.1]", "a<b@c.co", "a@b.co>", "a,b@c.co",
		"a;b@c.co", "a\\b@c.co", "a@b\xc3\xa9.com", "\xd0\xb0@b.co",
		/* 65 characters of local part are not */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
	};
	char	 longer[300];
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(email_valid(good[i]), "should be valid: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!email_valid(bad[i]), "should be invalid: %s", bad[i]);
	/* 254 characters in all at most */
	memset(longer, 0, sizeof(longer));
	strcpy(longer, "a@");
	memset(longer + 2, 'b', 248);
	strcpy(longer + 250, ".com");
	ck_assert_uint_eq(strlen(longer), 254);
	ck_assert(email_valid(longer));
	longer[2] = 'b';
	memmove(longer + 3, longer + 2, strlen(longer + 2) + 1);
	ck_assert_uint_eq(strlen(longer), 255);
	ck_assert(!email_valid(longer));
}
END_TEST

/* ---- parse_int64 ------------------------------------------------------- */

START_TEST(test_parse_int64)
{
	int64_t v = 77;

	ck_assert_int_eq(parse_int64("0", 0, 10, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(parse_int64("42", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int64("007", 0, 100, &v), 0);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(parse_int64("-5", -10, 10, &v), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(parse_int64("9223372036854775807", 0, INT64_MAX, &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(parse_int64("-9223372036854775808", INT64_MIN, 0, &v), 0);
	ck_assert(v == INT64_MIN);

	v = 77;
	ck_assert_int_eq(parse_int64(NULL, 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64(" 1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("\t1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("1 ", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("+1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("1x", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("x1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("-", -10, 10, &v), -1);
	ck_assert_int_eq(parse_int64("0x10", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("1e3", 0, 10000, &v), -1);
	ck_assert_int_eq(parse_int64("1.0", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("9223372036854775808", 0, INT64_MAX, &v), -1);
	ck_assert_int_eq(parse_int64("-9223372036854775809", INT64_MIN, 0, &v), -1);
	ck_assert_int_eq(parse_int64("99999999999999999999999", 0, INT64_MAX, &v), -1);
	/* the range is inclusive and enforced */
	ck_assert_int_eq(parse_int64("11", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("-1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int64("10", 0, 10, &v), 0);
	ck_assert_int_eq(v, 10);
	/* a refused value leaves the output alone */
	v = 77;
	ck_assert_int_eq(parse_int64("12a", 0, 100, &v), -1);
	ck_assert_int_eq(v, 77);
}
END_TEST

/* ---- strings ----------------------------------------------------------- */

START_TEST(test_str_trim)
{
	char	 a[] = "  a b \t\r\n", b[] = " \t ", c[] = "", d[] = "x", e[] = "\n\nx y";

	ck_assert_str_eq(str_trim(a), "a b");
	ck_assert_str_eq(str_trim(b), "");
	ck_assert_str_eq(str_trim(c), "");
	ck_assert_str_eq(str_trim(d), "x");
	ck_assert_str_eq(str_trim(e), "x y");
}
END_TEST

START_TEST(test_str_lower_xasprintf)
{
	char	 s[] = "MiXeD-123", *p;

	str_lower(s);
	ck_assert_str_eq(s, "mixed-123");
	p = xasprintf("%s=%d", "n", 42);
	ck_assert_str_eq(p, "n=42");
	free(p);
	ck_assert_ptr_null(xstrdup(NULL));
	p = xstrdup("copy");
	ck_assert_str_eq(p, "copy");
	free(p);
}
END_TEST

/* ---- money ------------------------------------------------------------- */

#define NNBSP "\xe2\x80\xaf"

static void
money(int64_t minor, const char *want)
{
	char	 buf[64];

	memset(buf, 'Z', sizeof(buf));
	format_money(minor, buf, sizeof(buf));
	ck_assert_msg(strcmp(buf, want) == 0, "format_money(%lld) = \"%s\", want \"%s\"",
	    (long long)minor, buf, want);
}

START_TEST(test_format_money)
{
	money(0, "0");
	money(1, "0.01");
	money(99, "0.99");
	money(100, "1");
	money(105, "1.05");
	money(150, "1.50");
	money(99999, "999.99");
	money(100000, "1" NNBSP "000");
	money(1234567, "12" NNBSP "345.67");
	money(500000, "5" NNBSP "000");
	money(12345678900, "123" NNBSP "456" NNBSP "789");
	money(100000000, "1" NNBSP "000" NNBSP "000");
	money(-5, "-0.05");
	money(-150, "-1.50");
	money(-100000, "-1" NNBSP "000");
	money(-100000000, "-1" NNBSP "000" NNBSP "000");
	money(INT64_MAX, "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758.07");
	money(INT64_MIN, "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758.08");
}
END_TEST

START_TEST(test_format_money_small_buffer)
{
	char	 buf[8];

	memset(buf, 'Z', sizeof(buf));
	format_money(1234567, buf, 5);
	ck_assert_uint_lt(strlen(buf), 5);	/* cut, but always terminated */
	ck_assert_int_eq(buf[5], 'Z');		/* and nothing written past it */
}
END_TEST

/* ---- redirect targets -------------------------------------------------- */

START_TEST(test_safe_next)
{
	ck_assert_str_eq(safe_next("/ok?x=1"), "/ok?x=1");
	ck_assert_str_eq(safe_next("/"), "/");
	ck_assert_str_eq(safe_next("/events/12#tickets"), "/events/12#tickets");
	ck_assert_str_eq(safe_next(NULL), "/");
	ck_assert_str_eq(safe_next(""), "/");
	ck_assert_str_eq(safe_next("//evil.example/"), "/");
	ck_assert_str_eq(safe_next("/\\evil.example"), "/");
	ck_assert_str_eq(safe_next("\\\\evil.example"), "/");
	ck_assert_str_eq(safe_next("http://x"), "/");
	ck_assert_str_eq(safe_next("https://evil.example/"), "/");
	ck_assert_str_eq(safe_next("javascript:alert(1)"), "/");
	ck_assert_str_eq(safe_next("evil.example"), "/");
	ck_assert_str_eq(safe_next("/a\\b"), "/");		/* browsers read \ as / */
	ck_assert_str_eq(safe_next("/\r\nSet-Cookie: x=1"), "/");	/* header injection */
	ck_assert_str_eq(safe_next("/\t/evil.example"), "/");
	ck_assert_str_eq(safe_next("/%2F%2Fevil.example"), "/%2F%2Fevil.example");	/* a path */
}
END_TEST

/* ---- languages --------------------------------------------------------- */

START_TEST(test_lang_from_accept)
{
	ck_assert_int_eq(lang_from_accept(NULL), -1);
	ck_assert_int_eq(lang_from_accept(""), -1);
	ck_assert_int_eq(lang_from_accept("ru"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("kk"), LANG_KK);
	ck_assert_int_eq(lang_from_accept("en"), LANG_EN);
	ck_assert_int_eq(lang_from_accept("ru-RU"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("RU-ru"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("kz"), LANG_KK);
	ck_assert_int_eq(lang_from_accept("kz-KZ"), LANG_KK);
	ck_assert_int_eq(lang_from_accept("kk-KZ,ru;q=0.9"), LANG_KK);
	ck_assert_int_eq(lang_from_accept("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("en-US,en;q=0.9,ru;q=0.8"), LANG_EN);
	/* the highest q wins wherever it stands */
	ck_assert_int_eq(lang_from_accept("en;q=0.5, kk;q=0.8"), LANG_KK);
	ck_assert_int_eq(lang_from_accept("en;q=0.9,ru"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("de, fr;q=0.9, ru;q=0.1"), LANG_RU);
	/* ties go to the earlier entry */
	ck_assert_int_eq(lang_from_accept("ru;q=0.5,en;q=0.5"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("en;q=0.5,ru;q=0.5"), LANG_EN);
	/* spaces and parameters */
	ck_assert_int_eq(lang_from_accept("  ru ;  q=0.4 , en ; q=0.3"), LANG_RU);
	ck_assert_int_eq(lang_from_accept("ru;level=1;q=0.4,en;q=0.3"), LANG_RU);
	/* q=0 means "not this one" */
	ck_assert_int_eq(lang_from_accept("ru;q=0"), -1);
	ck_assert_int_eq(lang_from_accept("ru;q=0, en;q=0.1"), LANG_EN);
	/* bad q values count as 0 */
	ck_assert_int_eq(lang_from_accept("ru;q=abc"), -1);
	ck_assert_int_eq(lang_from_accept("ru;q=2"), -1);
	ck_assert_int_eq(lang_from_accept("ru;q=-1"), -1);
	ck_assert_int_eq(lang_from_accept("ru;q=2,en;q=0.1"), LANG_EN);
	/* nothing we have */
	ck_assert_int_eq(lang_from_accept("de, fr"), -1);
	ck_assert_int_eq(lang_from_accept("*"), -1);
	ck_assert_int_eq(lang_from_accept("russian"), -1);
	ck_assert_int_eq(lang_from_accept("r"), -1);
	ck_assert_int_eq(lang_from_accept("rus"), -1);
	/* garbage */
	ck_assert_int_eq(lang_from_accept(";;;,,, ;q="), -1);
	ck_assert_int_eq(lang_from_accept(",,,"), -1);
	ck_assert_int_eq(lang_from_accept("q=1"), -1);
	ck_assert_int_eq(lang_from_accept("\xd1\x80\xd1\x83"), -1);
	ck_assert_int_eq(lang_from_accept("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxru, kk"), LANG_KK);
}
END_TEST

START_TEST(test_lang_from_accept_long)
{
	size_t	 n = 100000, i;
	char	*h = malloc(n + 8);

	ck_assert_ptr_nonnull(h);
	for (i = 0; i < n; i++)
		h[i] = "de;q=0.1,"[i % 9];
	strcpy(h + n - n % 9, "kk;q=1");
	ck_assert_int_eq(lang_from_accept(h), LANG_KK);
	free(h);
}
END_TEST

START_TEST(test_lang_role_parse)
{
	ck_assert_int_eq(lang_parse("en"), LANG_EN);
	ck_assert_int_eq(lang_parse("ru"), LANG_RU);
	ck_assert_int_eq(lang_parse("kk"), LANG_KK);
	ck_assert_int_eq(lang_parse("kz"), -1);		/* only Accept-Language forgives it */
	ck_assert_int_eq(lang_parse("RU"), -1);
	ck_assert_int_eq(lang_parse(""), -1);
	ck_assert_int_eq(lang_parse(NULL), -1);
	ck_assert_str_eq(lang_codes[LANG_KK], "kk");
	ck_assert_int_eq(role_parse("admin"), ROLE_ADMIN);
	ck_assert_int_eq(role_parse("organiser"), ROLE_ORGANISER);
	ck_assert_int_eq(role_parse("attendee"), ROLE_ATTENDEE);
	ck_assert_int_eq(role_parse("root"), -1);
	ck_assert_int_eq(role_parse(NULL), -1);
}
END_TEST

/* ---- hashes and tokens ------------------------------------------------- */

static void
check_hex(const unsigned char *bin, size_t len, const char *want)
{
	char	 hex[129];

	ck_assert_uint_le(len * 2 + 1, sizeof(hex));
	hex_encode(bin, len, hex);
	ck_assert_str_eq(hex, want);
}

START_TEST(test_sha256)
{
	unsigned char	 h[32];

	sha256("abc", 3, h);
	check_hex(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256("", 0, h);
	check_hex(h, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	check_hex(h, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(test_hmac_sha256_rfc4231)
{
	unsigned char	 key[20], out[32];

	/* test case 1 */
	memset(key, 0x0b, sizeof(key));
	hmac_sha256(key, 20, "Hi There", 8, out);
	check_hex(out, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* test case 2 */
	hmac_sha256((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28, out);
	check_hex(out, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}
END_TEST

START_TEST(test_hex_ct_equal)
{
	unsigned char	 b[4] = { 0x00, 0x7f, 0x80, 0xff };

	check_hex(b, 4, "007f80ff");
	check_hex(b, 0, "");
	ck_assert(ct_equal("abcd", "abcd", 4));
	ck_assert(!ct_equal("abcd", "abce", 4));
	ck_assert(!ct_equal("Xbcd", "abcd", 4));
	ck_assert(ct_equal("abcd", "abce", 3));
	ck_assert(ct_equal("", "", 0));
}
END_TEST

START_TEST(test_random_token)
{
	char	*a = random_token(32), *b = random_token(32);
	unsigned char *d = NULL;
	size_t	 dlen;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(strlen(a), 43);	/* 256 bits, unpadded base64url */
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(b64url_decode(a, strlen(a), &d, &dlen), 0);
	ck_assert_uint_eq(dlen, 32);
	free(d);
	free(a);
	free(b);
	ck_assert_ptr_null(random_token(65));	/* more than it can make at once */
	a = random_token(0);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a, "");
	free(a);
}
END_TEST

/* ---- times ------------------------------------------------------------- */

START_TEST(test_db_time_parse)
{
	ck_assert_int_eq((long long)db_time_parse("1970-01-01 00:00:00"), 0);
	ck_assert_int_eq((long long)db_time_parse("2025-03-08 19:00:00"), 1741460400LL);
	ck_assert_int_eq((long long)db_time_parse("2025-03-08 19:00:00.250000"), 1741460400LL);
	ck_assert_int_eq((long long)db_time_parse("2024-02-29 12:30:45"), 1709209845LL);
	ck_assert_int_eq((long long)db_time_parse(NULL), -1);
	ck_assert_int_eq((long long)db_time_parse(""), -1);
	ck_assert_int_eq((long long)db_time_parse("2025-03-08"), -1);
	ck_assert_int_eq((long long)db_time_parse("yesterday"), -1);
}
END_TEST

START_TEST(test_format_iso_local)
{
	char	 buf[64];
	char	*old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC0", 1);
	tzset();
	format_iso_local(1741460400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2025-03-08T19:00:00+00:00");
	/* POSIX TZ strings: no tzdata needed; the sign is the other way round */
	setenv("TZ", "ALMT-5", 1);
	tzset();
	format_iso_local(1741460400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2025-03-09T00:00:00+05:00");
	format_local(1741460400, buf, sizeof(buf), "%d.%m.%Y %H:%M");
	ck_assert_str_eq(buf, "09.03.2025 00:00");
	setenv("TZ", "NST+3:30", 1);
	tzset();
	format_iso_local(1741460400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2025-03-08T15:30:00-03:30");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	format_iso_local(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1970-01-01T05:30:00+05:30");
	/* a buffer too small for strftime gives an empty string, not garbage */
	format_local(0, buf, 4, "%Y-%m-%d");
	ck_assert_str_eq(buf, "");
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
}
END_TEST

/* ---- the secret file --------------------------------------------------- */

START_TEST(test_load_secret)
{
	char		 dir[] = "/tmp/kt-secret-XXXXXX", *path, *bad;
	unsigned char	 a[32], b[32], zero[32];
	struct stat	 st;
	int		 fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = xasprintf("%s/secret.key", dir);
	bad = xasprintf("%s/short.key", dir);
	memset(zero, 0, sizeof(zero));
	/* made on first use, 32 random bytes, private */
	ck_assert_int_eq(load_secret(path, a), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq((int)st.st_size, 32);
	ck_assert_int_eq((int)(st.st_mode & 077), 0);
	ck_assert(memcmp(a, zero, 32) != 0);
	/* and the same ever after */
	ck_assert_int_eq(load_secret(path, b), 0);
	ck_assert_mem_eq(a, b, 32);
	/* a file of the wrong size is an error, not a short key */
	fd = open(bad, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq((int)write(fd, "short", 5), 5);
	close(fd);
	ck_assert_int_eq(load_secret(bad, b), -1);
	unlink(path);
	unlink(bad);
	rmdir(dir);
	free(path);
	free(bad);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc = tcase_create("util");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_b64url_vectors);
	tcase_add_test(tc, test_b64url_round_trip);
	tcase_add_test(tc, test_b64url_rejects);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_utf8_len);
	tcase_add_test(tc, test_email_valid);
	tcase_add_test(tc, test_parse_int64);
	tcase_add_test(tc, test_str_trim);
	tcase_add_test(tc, test_str_lower_xasprintf);
	tcase_add_test(tc, test_format_money);
	tcase_add_test(tc, test_format_money_small_buffer);
	tcase_add_test(tc, test_safe_next);
	tcase_add_test(tc, test_lang_from_accept);
	tcase_add_test(tc, test_lang_from_accept_long);
	tcase_add_test(tc, test_lang_role_parse);
	tcase_add_test(tc, test_sha256);
	tcase_add_test(tc, test_hmac_sha256_rfc4231);
	tcase_add_test(tc, test_hex_ct_equal);
	tcase_add_test(tc, test_random_token);
	tcase_add_test(tc, test_db_time_parse);
	tcase_add_test(tc, test_format_iso_local);
	tcase_add_test(tc, test_load_secret);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
