// The documented Sign example (cloud.tencent.com/document/product/269/32431): for this token and
// RequestTime, Sign = sha256(token + RequestTime) in hex is KNOWN_SIGN. One copy for every test,
// so that each checks against the same published vector.
export const KNOWN_TOKEN = 'xxxxyyyy';
export const KNOWN_TIME = 1669872112;
export const KNOWN_SIGN = '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061';
