// The TOTP core of two_factor against the RFCs' own test vectors and against oathtool.
#include "Codec.h"
#include "Oathtool.h"
#include "Totp.h"

#include <catch2/catch.hpp>

using namespace two_factor;

TEST_CASE("RFC 4226 Appendix D HOTP vectors", "[two_factor]") {
  const std::string key = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t c = 0; c < 10; ++c) CHECK(hotp(key, c) == expected[c]);
}

TEST_CASE("RFC 6238 Appendix B TOTP vectors, with the erratum's 32- and 64-byte seeds", "[two_factor]") {
  const std::string seed20 = "12345678901234567890";
  const std::string seed32 = "12345678901234567890123456789012";
  const std::string seed64 = "1234567890123456789012345678901234567890123456789012345678901234";
  struct Row {
    long long t;
    const char *sha1, *sha256, *sha512;
  };
  const Row rows[] = {{59, "94287082", "46119246", "90693936"},
                      {1111111109, "07081804", "68084774", "25091201"},
                      {1111111111, "14050471", "67062674", "99943326"},
                      {1234567890, "89005924", "91819424", "93441116"},
                      {2000000000, "69279037", "90698825", "38618901"},
                      {20000000000, "65353130", "77737706", "47863826"}};
  for (const auto& r : rows) {
    INFO(r.t);
    CHECK(totp(seed20, r.t, 8, Algorithm::Sha1) == r.sha1);
    CHECK(totp(seed32, r.t, 8, Algorithm::Sha256) == r.sha256);
    CHECK(totp(seed64, r.t, 8, Algorithm::Sha512) == r.sha512);
  }
}

TEST_CASE("codes agree with oathtool, also past 2038 and for steps beyond 2^32", "[two_factor]") {
  const std::string secret = "\x01\x23\x45\x67\x89\xab\xcd\xef\x10\x32\x54\x76\x98\xba\xdc\xfe\x11\x22\x33\x44";
  const std::string b32 = base32Encode(secret);
  for (long long t : {1700000000LL, 2147483647LL, 2147483648LL, 4102444800LL /* 2100 */, 32503680000LL /* 3000 */}) {
    INFO(t);
    CHECK(totp(secret, t) == atrium::test::oathTotp(b32, t));
  }
  const std::uint64_t beyond = (1ULL << 32) + 5; // T > 2^32
  CHECK(hotp(secret, beyond) == atrium::test::oathtool("--hotp -b -c " + std::to_string(beyond) + " " + b32));
  CHECK(totpStep(static_cast<std::int64_t>(beyond) * 30 + 7) == beyond);
}

TEST_CASE("a code matches its own step and one step either side, not two", "[two_factor]") {
  const std::string key = "12345678901234567890";
  std::uint64_t step = 1000;
  CHECK(matchStep(key, hotp(key, step), step) == 1000);
  CHECK(matchStep(key, hotp(key, step + 1), step) == 1001);
  CHECK(matchStep(key, hotp(key, step - 1), step) == 999);
  CHECK(matchStep(key, hotp(key, step + 2), step) == -1);
  CHECK(matchStep(key, hotp(key, step - 2), step) == -1);
  CHECK(matchStep(key, "12345", step) == -1);
}

TEST_CASE("base32, base64 and the sealed box", "[two_factor]") {
  CHECK(base32Encode("foobar") == "MZXW6YTBOI");
  CHECK(base32Decode("MZXW6YTBOI") == std::optional<std::string>("foobar"));
  CHECK_FALSE(base32Decode("MZ!W").has_value());
  CHECK(base64Decode(base64Encode(std::string("\0\1\2xyz", 6))) == std::optional<std::string>(std::string("\0\1\2xyz", 6)));
  const std::string key(32, 'k'), nonce(12, 'n');
  auto box = seal(key, "the secret", nonce);
  CHECK(box.find("the secret") == std::string::npos);
  CHECK(open(key, box) == std::optional<std::string>("the secret"));
  CHECK_FALSE(open(std::string(32, 'x'), box).has_value()); // wrong key
  auto tampered = box;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  CHECK_FALSE(open(key, tampered).has_value());
}
