import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints a JWT for trying migd in auth mode jwt, with the JDK alone (no build, no dependency):
 *
 * <pre>
 * java tools/MintToken.java --secret supersecret --tenant acme --scope capability:infer
 * java tools/MintToken.java --key private.pem --alg RS256 --kid k1 --tenant acme --scope "capability:infer mig:admin"
 * </pre>
 *
 * Options: --tenant (required), --sub (default "cli-user"), --scope (space separated), --ttl seconds
 * (default 3600), --iss, --aud, and either --secret (HS256) or --key with a PKCS#8 PEM private key
 * and --alg RS256|ES256 (default RS256), optionally --kid. Prints the token on stdout. For testing:
 * a real deployment gets its tokens from its identity provider.
 */
public final class MintToken {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (!options.containsKey("tenant") || options.containsKey("secret") == options.containsKey("key")) {
            System.err.println("usage: MintToken --tenant T (--secret S | --key private.pem [--alg RS256|ES256] [--kid K])"
                    + " [--sub S] [--scope \"a b\"] [--ttl SECONDS] [--iss I] [--aud A]");
            System.exit(2);
        }
        String alg = options.containsKey("secret") ? "HS256" : options.getOrDefault("alg", "RS256");
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", options.getOrDefault("sub", "cli-user"));
        claims.put("tenant_id", options.get("tenant"));
        if (options.containsKey("scope")) {
            claims.put("scope", options.get("scope"));
        }
        if (options.containsKey("iss")) {
            claims.put("iss", options.get("iss"));
        }
        if (options.containsKey("aud")) {
            claims.put("aud", options.get("aud"));
        }
        claims.put("iat", now);
        claims.put("exp", now + Long.parseLong(options.getOrDefault("ttl", "3600")));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (options.containsKey("kid")) {
            header.put("kid", options.get("kid"));
        }
        String input = segment(header) + "." + segment(claims);
        byte[] data = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = options.containsKey("secret")
                ? hmac(options.get("secret").getBytes(StandardCharsets.UTF_8), data)
                : sign(alg, Path.of(options.get("key")), data);
        System.out.println(input + "." + B64URL.encodeToString(signature));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static byte[] hmac(byte[] secret, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** RS256, or ES256 in the raw r||s form JWS wants (the JDK's P1363 format). */
    private static byte[] sign(String alg, Path keyFile, byte[] data) throws Exception {
        String pem = Files.readString(keyFile);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[^-]+-----", "").trim());
        boolean ec = alg.equals("ES256");
        PrivateKey key = KeyFactory.getInstance(ec ? "EC" : "RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature signer = Signature.getInstance(ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    private static String segment(Map<String, Object> json) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(entry.getKey())).append(':');
            out.append(entry.getValue() instanceof Long number ? number.toString() : quote(entry.getValue().toString()));
        }
        return B64URL.encodeToString(out.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
