/*
 * jwt.c against the RFC 7515 / RFC 7519 examples and hostile tokens.
 *
 * The tokens refused here are built in this file with OpenSSL's HMAC and a
 * base64url encoder of our own, not with the code under test, so a bug in
 * util.c's encoder cannot hide a bug in the verifier.  Each test is one TAP
 * line on stdout.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lib/jwt.h"
#include "lib/util.h"

/*
 * RFC 7515 Appendix A.1: the HMAC key (the JWK "k" value) and the compact
 * JWS, which is also RFC 7519 section 3.1's example JWT.
 */
static const char rfc_k64[] =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
static const char rfc_token[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    "."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
#define RFC_EXP 1300819380

/* The same key as bytes, decoded by hand so the test does not trust b64url_decode. */
static const unsigned char rfc_key[64] = {
	3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143,
	90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191,
	211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34,
	61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163
};

/* base64url without padding; caller frees. */
static char *
enc(const void *data, size_t len)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *p = data;
	char	*out = malloc(len / 3 * 4 + 5), *o = out;
	size_t	 i;

	ck_assert_ptr_nonnull(out);
	for (i = 0; i + 2 < len; i += 3) {
		*o++ = a[p[i] >> 2];
		*o++ = a[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = a[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = a[p[i + 2] & 63];
	}
	if (len - i == 1) {
		*o++ = a[p[i] >> 2];
		*o++ = a[(p[i] & 3) << 4];
	} else if (len - i == 2) {
		*o++ = a[p[i] >> 2];
		*o++ = a[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = a[(p[i + 1] & 15) << 2];
	}
	*o = '\0';
	return out;
}

static char *
enc_str(const char *s)
{
	return enc(s, strlen(s));
}

/*
 * A compact token from a header and a payload given as JSON text, signed
 * with HMAC(md, key); md NULL leaves the signature empty ("alg":"none").
 */
static char *
make_token(const char *header, const char *payload, const EVP_MD *md,
    const unsigned char *key, size_t keylen)
{
	char		*h = enc_str(header), *p = enc_str(payload), *input, *sig, *out;
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	size_t		 n;

	n = strlen(h) + strlen(p) + 2;
	input = malloc(n);
	ck_assert_ptr_nonnull(input);
	snprintf(input, n, "%s.%s", h, p);
	if (md != NULL)
		ck_assert_ptr_nonnull(HMAC(md, key, (int)keylen, (const unsigned char *)input,
		    strlen(input), mac, &maclen));
	sig = enc(mac, maclen);
	n = strlen(input) + strlen(sig) + 2;
	out = malloc(n);
	ck_assert_ptr_nonnull(out);
	snprintf(out, n, "%s.%s", input, sig);
	free(h);
	free(p);
	free(input);
	free(sig);
	return out;
}

/* Asserts that tok is refused at `now` and returns why. */
static const char *
refused(const char *tok, time_t now)
{
	const char	*why = "unset";
	json_t		*c;

	c = jwt_verify(rfc_key, sizeof(rfc_key), tok, now, &why);
	if (c != NULL) {
		json_decref(c);
		ck_abort_msg("token accepted: %s", tok);
	}
	ck_assert_ptr_nonnull(why);
	ck_assert_str_ne(why, "unset");
	return why;
}

#define BEFORE_EXP (RFC_EXP - 1)

START_TEST(rfc7515_a1_key_decodes)
{
	unsigned char	*k = NULL;
	size_t		 klen = 0;

	/* the JWK "k" member is base64url of exactly these 64 bytes */
	ck_assert_int_eq(b64url_decode(rfc_k64, strlen(rfc_k64), &k, &klen), 0);
	ck_assert_uint_eq(klen, sizeof(rfc_key));
	ck_assert_mem_eq(k, rfc_key, sizeof(rfc_key));
	free(k);
}
END_TEST

START_TEST(rfc7515_a1_verifies_before_exp)
{
	const char	*why = "unset";
	json_t		*c;

	c = jwt_verify(rfc_key, sizeof(rfc_key), rfc_token, BEFORE_EXP, &why);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(json_string_value(json_object_get(c, "iss")), "joe");
	ck_assert(json_is_integer(json_object_get(c, "exp")));
	ck_assert_int_eq(json_integer_value(json_object_get(c, "exp")), RFC_EXP);
	ck_assert(json_is_true(json_object_get(c, "http://example.com/is_root")));
	ck_assert_uint_eq(json_object_size(c), 3);
	json_decref(c);
}
END_TEST

START_TEST(rfc7515_a1_expired_at_and_after_exp)
{
	/* RFC 7519 4.1.4: not accepted "on or after" the expiration time */
	ck_assert_str_eq(refused(rfc_token, RFC_EXP), "expired");
	ck_assert_str_eq(refused(rfc_token, RFC_EXP + 1), "expired");
	ck_assert_str_eq(refused(rfc_token, time(NULL)), "expired");
}
END_TEST

START_TEST(flipped_signature_bit)
{
	const char	*sig = strrchr(rfc_token, '.') + 1;
	unsigned char	 raw[32];
	char		*s64, tok[sizeof(rfc_token) + 8];
	size_t		 bit;
	unsigned char	*dec = NULL;
	size_t		 declen = 0;

	ck_assert_int_eq(b64url_decode(sig, strlen(sig), &dec, &declen), 0);
	ck_assert_uint_eq(declen, sizeof(raw));
	/* every bit position of the MAC matters, not just the first bytes */
	for (bit = 0; bit < 8 * sizeof(raw); bit += 7) {
		memcpy(raw, dec, sizeof(raw));
		raw[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		s64 = enc(raw, sizeof(raw));
		snprintf(tok, sizeof(tok), "%.*s%s", (int)(sig - rfc_token), rfc_token, s64);
		free(s64);
		ck_assert_str_eq(refused(tok, BEFORE_EXP), "bad_signature");
	}
	free(dec);
}
END_TEST

START_TEST(changed_payload)
{
	const char	*d1 = strchr(rfc_token, '.'), *d2 = strrchr(rfc_token, '.');
	char		*p64, tok[512];

	/* a later exp and is_root false, under the original signature */
	p64 = enc_str("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":false}");
	snprintf(tok, sizeof(tok), "%.*s.%s%s", (int)(d1 - rfc_token), rfc_token, p64, d2);
	free(p64);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "bad_signature");

	p64 = enc_str("{\"iss\":\"joe\",\r\n \"exp\":9999999999,\r\n \"http://example.com/is_root\":true}");
	snprintf(tok, sizeof(tok), "%.*s.%s%s", (int)(d1 - rfc_token), rfc_token, p64, d2);
	free(p64);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "bad_signature");
}
END_TEST

START_TEST(changed_header)
{
	const char	*d1 = strchr(rfc_token, '.');
	char		*h64, tok[512];

	/* same alg, other bytes: the header is signed too */
	h64 = enc_str("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
	snprintf(tok, sizeof(tok), "%s%s", h64, d1);
	free(h64);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "bad_signature");
}
END_TEST

START_TEST(wrong_key)
{
	unsigned char	 other[sizeof(rfc_key)];
	const char	*why = "unset";
	json_t		*c;

	memcpy(other, rfc_key, sizeof(other));
	other[63] ^= 1;
	c = jwt_verify(other, sizeof(other), rfc_token, BEFORE_EXP, &why);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(why, "bad_signature");
	c = jwt_verify(rfc_key, 32, rfc_token, BEFORE_EXP, &why);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(why, "bad_signature");
}
END_TEST

START_TEST(alg_none)
{
	static const char payload[] = "{\"sub\":\"1\",\"exp\":9999999999}";
	char	*t;

	/* the classic: no signature at all */
	t = make_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, NULL, NULL, 0);
	ck_assert_ptr_nonnull(strstr(t, ".")); /* "h.p." */
	ck_assert_int_eq(t[strlen(t) - 1], '.');
	refused(t, BEFORE_EXP);
	free(t);
	/* "none" with a signature that would be right for HS256 */
	t = make_token("{\"alg\":\"none\"}", payload, EVP_sha256(), rfc_key, sizeof(rfc_key));
	refused(t, BEFORE_EXP);
	free(t);
	/* spelling games */
	t = make_token("{\"alg\":\"None\"}", payload, NULL, NULL, 0);
	refused(t, BEFORE_EXP);
	free(t);
	t = make_token("{\"typ\":\"JWT\"}", payload, EVP_sha256(), rfc_key, sizeof(rfc_key));
	refused(t, BEFORE_EXP);
	free(t);
}
END_TEST

START_TEST(alg_hs512)
{
	static const char payload[] = "{\"sub\":\"1\",\"exp\":9999999999}";
	char	*t;

	/* a genuine HS512 token with the same key */
	t = make_token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload, EVP_sha512(), rfc_key,
	    sizeof(rfc_key));
	refused(t, BEFORE_EXP);
	free(t);
	/* claims HS512 but carries an HS256 MAC that would verify: alg is checked first */
	t = make_token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload, EVP_sha256(), rfc_key,
	    sizeof(rfc_key));
	ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
	free(t);
	t = make_token("{\"alg\":\"RS256\"}", payload, EVP_sha256(), rfc_key, sizeof(rfc_key));
	ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
	free(t);
	t = make_token("{\"alg\":\"hs256\"}", payload, EVP_sha256(), rfc_key, sizeof(rfc_key));
	ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
	free(t);
	/* a control: the same construction with HS256 is accepted */
	t = make_token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, EVP_sha256(), rfc_key,
	    sizeof(rfc_key));
	{
		const char	*why;
		json_t		*c = jwt_verify(rfc_key, sizeof(rfc_key), t, BEFORE_EXP, &why);

		ck_assert_ptr_nonnull(c);
		json_decref(c);
	}
	free(t);
}
END_TEST

START_TEST(crit_header_refused)
{
	char *t = make_token("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
	    "{\"exp\":9999999999}", EVP_sha256(), rfc_key, sizeof(rfc_key));

	/* RFC 7515 4.1.11: we understand no extension, so must reject it */
	ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
	free(t);
}
END_TEST

START_TEST(wrong_number_of_parts)
{
	const char	*d2 = strrchr(rfc_token, '.');
	char		 tok[512];

	/* two parts: the signature dropped */
	snprintf(tok, sizeof(tok), "%.*s", (int)(d2 - rfc_token), rfc_token);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	/* four parts: something appended */
	snprintf(tok, sizeof(tok), "%s.%s", rfc_token, "e30");
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	snprintf(tok, sizeof(tok), "%s.", rfc_token);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	/* one part, empty, only dots, NULL */
	ck_assert_str_eq(refused("eyJhbGciOiJIUzI1NiJ9", BEFORE_EXP), "malformed");
	ck_assert_str_eq(refused("", BEFORE_EXP), "malformed");
	ck_assert_str_eq(refused("..", BEFORE_EXP), "malformed");
	ck_assert_str_eq(refused(NULL, BEFORE_EXP), "malformed");
}
END_TEST

START_TEST(bad_base64)
{
	const char	*d1 = strchr(rfc_token, '.'), *d2 = strrchr(rfc_token, '.');
	char		 tok[512];
	size_t		 hlen = (size_t)(d1 - rfc_token);

	/* a character outside the alphabet in the header */
	snprintf(tok, sizeof(tok), "%s", rfc_token);
	tok[3] = '*';
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	/* standard base64's '+' and '/' are not base64url */
	snprintf(tok, sizeof(tok), "%s", rfc_token);
	tok[hlen + 5] = '+';
	refused(tok, BEFORE_EXP);
	snprintf(tok, sizeof(tok), "%s", rfc_token);
	tok[(size_t)(d2 - rfc_token) + 4] = '/';
	refused(tok, BEFORE_EXP);
	/* padding is not allowed in JWS compact form */
	snprintf(tok, sizeof(tok), "%s=", rfc_token);
	refused(tok, BEFORE_EXP);
	/* a length that no base64 string can have (4n + 1) */
	snprintf(tok, sizeof(tok), "%.*sA%s", (int)hlen, rfc_token, d1);
	ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	/* the header part decodes but is not JSON */
	{
		char *h = enc_str("not json"), *p = enc_str("{}");

		snprintf(tok, sizeof(tok), "%s.%s%s", h, p, d2);
		free(h);
		free(p);
		ck_assert_str_eq(refused(tok, BEFORE_EXP), "malformed");
	}
}
END_TEST

START_TEST(non_object_payload)
{
	static const char *const payloads[] = {
		"[1,2,3]", "42", "\"joe\"", "true", "null", "", "{\"exp\":", NULL
	};
	size_t	 i;
	char	*t;

	/* properly signed, so only the payload's shape can refuse them */
	for (i = 0; payloads[i] != NULL; i++) {
		t = make_token("{\"alg\":\"HS256\"}", payloads[i], EVP_sha256(), rfc_key,
		    sizeof(rfc_key));
		ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
		free(t);
	}
	/* the header must be an object too */
	t = make_token("[\"HS256\"]", "{}", EVP_sha256(), rfc_key, sizeof(rfc_key));
	ck_assert_str_eq(refused(t, BEFORE_EXP), "malformed");
	free(t);
}
END_TEST

START_TEST(duplicate_claims_refused)
{
	/* which "exp" would count?  Parsers disagree, so such a token is refused */
	char *t = make_token("{\"alg\":\"HS256\"}", "{\"exp\":1,\"exp\":9999999999}",
	    EVP_sha256(), rfc_key, sizeof(rfc_key));

	refused(t, BEFORE_EXP);
	free(t);
	t = make_token("{\"alg\":\"none\",\"alg\":\"HS256\"}", "{}", EVP_sha256(), rfc_key,
	    sizeof(rfc_key));
	refused(t, BEFORE_EXP);
	free(t);
}
END_TEST

START_TEST(non_integer_exp_refused)
{
	static const char *const payloads[] = {
		"{\"exp\":\"9999999999\"}", "{\"exp\":9999999999.5}", "{\"exp\":null}",
		"{\"nbf\":\"0\"}", "{\"exp\":true}", NULL
	};
	size_t	 i;
	char	*t;

	for (i = 0; payloads[i] != NULL; i++) {
		t = make_token("{\"alg\":\"HS256\"}", payloads[i], EVP_sha256(), rfc_key,
		    sizeof(rfc_key));
		refused(t, BEFORE_EXP);
		free(t);
	}
}
END_TEST

START_TEST(nbf_handling)
{
	const char	*why;
	json_t		*c;
	char		*t;

	t = make_token("{\"alg\":\"HS256\"}", "{\"nbf\":2000000000,\"exp\":2000000600}",
	    EVP_sha256(), rfc_key, sizeof(rfc_key));
	/* before nbf: not yet valid */
	why = refused(t, 2000000000 - 1);
	ck_assert_str_ne(why, "bad_signature");
	ck_assert_str_ne(why, "malformed");
	why = refused(t, 1000000000);
	ck_assert_str_ne(why, "malformed");
	/* at nbf and within the window: accepted (RFC 7519 4.1.5 "on or after") */
	c = jwt_verify(rfc_key, sizeof(rfc_key), t, 2000000000, &why);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(why);
	json_decref(c);
	c = jwt_verify(rfc_key, sizeof(rfc_key), t, 2000000599, &why);
	ck_assert_ptr_nonnull(c);
	json_decref(c);
	/* after exp: expired even though nbf has passed */
	ck_assert_str_eq(refused(t, 2000000600), "expired");
	free(t);
	/* nbf alone, no exp */
	t = make_token("{\"alg\":\"HS256\"}", "{\"nbf\":100}", EVP_sha256(), rfc_key,
	    sizeof(rfc_key));
	refused(t, 99);
	c = jwt_verify(rfc_key, sizeof(rfc_key), t, 100, &why);
	ck_assert_ptr_nonnull(c);
	json_decref(c);
	free(t);
}
END_TEST

START_TEST(sign_verify_round_trip)
{
	unsigned char	 key[32];
	json_t		*claims, *back, *hdr;
	char		*tok;
	const char	*why = "unset", *d1, *d2;
	unsigned char	*raw = NULL;
	size_t		 rawlen = 0, i;
	time_t		 now = 1700000000;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 1);
	claims = json_pack("{s:s, s:I, s:I, s:s, s:s}", "sub", "42", "iat", (json_int_t)now,
	    "exp", (json_int_t)(now + 900), "typ", "access", "name", "Айгерим \"<x>\"");
	ck_assert_ptr_nonnull(claims);
	tok = jwt_sign(key, sizeof(key), claims);
	ck_assert_ptr_nonnull(tok);

	/* compact form: three base64url parts, no padding */
	ck_assert_ptr_null(strchr(tok, '='));
	ck_assert_ptr_null(strchr(tok, '+'));
	ck_assert_ptr_null(strchr(tok, '/'));
	d1 = strchr(tok, '.');
	ck_assert_ptr_nonnull(d1);
	d2 = strchr(d1 + 1, '.');
	ck_assert_ptr_nonnull(d2);
	ck_assert_ptr_null(strchr(d2 + 1, '.'));
	ck_assert_uint_eq(strlen(d2 + 1), 43);

	/* the header says HS256 */
	ck_assert_int_eq(b64url_decode(tok, (size_t)(d1 - tok), &raw, &rawlen), 0);
	hdr = json_loadb((const char *)raw, rawlen, 0, NULL);
	free(raw);
	ck_assert_ptr_nonnull(hdr);
	ck_assert_str_eq(json_string_value(json_object_get(hdr, "alg")), "HS256");
	json_decref(hdr);

	/* the signature is HMAC-SHA256 over "header.payload", checked independently */
	{
		unsigned char	 mac[32];
		unsigned int	 maclen = 0;
		char		*s64;

		HMAC(EVP_sha256(), key, sizeof(key), (const unsigned char *)tok,
		    (size_t)(d2 - tok), mac, &maclen);
		ck_assert_uint_eq(maclen, 32);
		s64 = enc(mac, maclen);
		ck_assert_str_eq(d2 + 1, s64);
		free(s64);
	}

	back = jwt_verify(key, sizeof(key), tok, now, &why);
	ck_assert_ptr_nonnull(back);
	ck_assert_ptr_null(why);
	ck_assert(json_equal(back, claims));
	json_decref(back);

	/* and the same token is expired 15 minutes later, refused with another key */
	back = jwt_verify(key, sizeof(key), tok, now + 900, &why);
	ck_assert_ptr_null(back);
	ck_assert_str_eq(why, "expired");
	key[0] ^= 0x80;
	back = jwt_verify(key, sizeof(key), tok, now, &why);
	ck_assert_ptr_null(back);
	ck_assert_str_eq(why, "bad_signature");

	free(tok);
	json_decref(claims);
}
END_TEST

START_TEST(oversized_token_refused)
{
	size_t	 n = 9000, i;
	char	*big = malloc(n + 1);

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = 'A';
	big[100] = '.';
	big[200] = '.';
	big[n] = '\0';
	ck_assert_str_eq(refused(big, BEFORE_EXP), "malformed");
	free(big);
}
END_TEST

static Suite *
jwt_suite(void)
{
	Suite	*s = suite_create("jwt");
	TCase	*tc = tcase_create("jwt");

	tcase_add_test(tc, rfc7515_a1_key_decodes);
	tcase_add_test(tc, rfc7515_a1_verifies_before_exp);
	tcase_add_test(tc, rfc7515_a1_expired_at_and_after_exp);
	tcase_add_test(tc, flipped_signature_bit);
	tcase_add_test(tc, changed_payload);
	tcase_add_test(tc, changed_header);
	tcase_add_test(tc, wrong_key);
	tcase_add_test(tc, alg_none);
	tcase_add_test(tc, alg_hs512);
	tcase_add_test(tc, crit_header_refused);
	tcase_add_test(tc, wrong_number_of_parts);
	tcase_add_test(tc, bad_base64);
	tcase_add_test(tc, non_object_payload);
	tcase_add_test(tc, duplicate_claims_refused);
	tcase_add_test(tc, non_integer_exp_refused);
	tcase_add_test(tc, nbf_handling);
	tcase_add_test(tc, sign_verify_round_trip);
	tcase_add_test(tc, oversized_token_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(jwt_suite());
	int	 failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
