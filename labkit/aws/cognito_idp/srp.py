"""The server side of Cognito's Secure Remote Password exchange (USER_SRP_AUTH / PASSWORD_VERIFIER).

The constants and derivations are those of AWS's own clients (amazon-cognito-identity-js, pycognito): the
3072-bit group of RFC 5054 with g = 2, k = H(N | g), x = H(salt | H(poolName + userIdForSrp + ":" + password)),
the session key through HKDF ("Caldera Derived Key"), and the claim signature an HMAC over pool name, user,
secret block and timestamp. The lab keeps passwords (moto's store) and derives the verifier when it needs it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
# The server's secret exponent b: 256 random bits, as SRP-6a asks (RFC 5054 section 2.5.3), keeps sign-in fast.
EXPONENT_BITS = 256


def _pad(value: int | str) -> str:
    """Hex with the sign padding Cognito's clients use before hashing."""
    text = value if isinstance(value, str) else f"{value:x}"
    if len(text) % 2:
        return "0" + text
    return "00" + text if text[0] in "89abcdefABCDEF" else text


def _hash_hex(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(_hash_hex("00" + N_HEX + "0" + f"{G:x}"), 16)


@dataclass(frozen=True)
class Challenge:
    """What the server remembers between InitiateAuth and the PASSWORD_VERIFIER answer."""

    user_id_for_srp: str
    salt: str
    small_b: int
    big_b: int
    big_a: int
    secret_block: str
    verifier: int


def _x(pool_name: str, user_id: str, password: str, salt: str) -> int:
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).hexdigest()
    return int(_hash_hex(_pad(salt) + inner), 16)


def is_valid_a(srp_a: str) -> bool:
    """SRP_A must be hex and not a multiple of N (the protocol's safety check)."""
    try:
        value = int(srp_a, 16)
    except ValueError:
        return False
    return value % N != 0


def start(pool_id: str, user_id: str, password: str | None, srp_a: str) -> Challenge:
    """Answer SRP_A with salt and B. `password` None (unknown user) gives a challenge no client can meet."""
    pool_name = pool_id.split("_", 1)[1]
    salt = secrets.token_hex(16)
    verifier = pow(G, _x(pool_name, user_id, password if password is not None else secrets.token_hex(32), salt), N)
    small_b = secrets.randbits(EXPONENT_BITS) | 1 << (EXPONENT_BITS - 1)
    big_b = (K * verifier + pow(G, small_b, N)) % N
    secret_block = base64.b64encode(secrets.token_bytes(64)).decode()
    return Challenge(user_id, salt, small_b, big_b, int(srp_a, 16), secret_block, verifier)


def verify(pool_id: str, challenge: Challenge, timestamp: str, signature: str) -> bool:
    """True when PASSWORD_CLAIM_SIGNATURE proves the client knew the password."""
    pool_name = pool_id.split("_", 1)[1]
    u = int(_hash_hex(_pad(challenge.big_a) + _pad(challenge.big_b)), 16)
    if u == 0:
        return False
    s = pow(challenge.big_a * pow(challenge.verifier, u, N), challenge.small_b, N)
    prk = hmac.new(bytes.fromhex(_pad(f"{u:x}")), bytes.fromhex(_pad(s)), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    message = (
        pool_name.encode() + challenge.user_id_for_srp.encode() + base64.b64decode(challenge.secret_block) + timestamp.encode()
    )
    expected = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, signature)


def challenge_parameters(challenge: Challenge, username: str) -> dict[str, str]:
    """The PASSWORD_VERIFIER ChallengeParameters AWS returns."""
    return {
        "SALT": challenge.salt,
        "SRP_B": f"{challenge.big_b:x}",
        "SECRET_BLOCK": challenge.secret_block,
        "USER_ID_FOR_SRP": challenge.user_id_for_srp,
        "USERNAME": username,
    }
