## Every sentence a patient reads in the 2a, 2b and 2c letters, in Punjabi (Gurmukhi script).
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = ਜਨਵਰੀ
month-2 = ਫ਼ਰਵਰੀ
month-3 = ਮਾਰਚ
month-4 = ਅਪ੍ਰੈਲ
month-5 = ਮਈ
month-6 = ਜੂਨ
month-7 = ਜੁਲਾਈ
month-8 = ਅਗਸਤ
month-9 = ਸਤੰਬਰ
month-10 = ਅਕਤੂਬਰ
month-11 = ਨਵੰਬਰ
month-12 = ਦਸੰਬਰ

## Header and reference block
label-phone = ਫ਼ੋਨ
label-email = ਈਮੇਲ
label-date = ਤਾਰੀਖ਼
label-nhs-number = NHS ਨੰਬਰ
label-reference = ਸਾਡਾ ਹਵਾਲਾ
salutation = ਪਿਆਰੇ { $name }
sign-off = ਸ਼ੁਭਕਾਮਨਾਵਾਂ ਸਹਿਤ

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = { $child } ਦੇ ਪਿਆਰੇ ਮਾਪੇ ਜਾਂ ਸਰਪ੍ਰਸਤ
child-about = ਇਹ ਚਿੱਠੀ { $child } ਬਾਰੇ ਹੈ, ਜਿਸਦੀ ਉਮਰ 16 ਸਾਲ ਤੋਂ ਘੱਟ ਹੈ। ਚਿੱਠੀ ਵਿੱਚ ਜਿੱਥੇ "ਤੁਸੀਂ" ਲਿਖਿਆ ਹੈ, ਉੱਥੇ ਇਸਦਾ ਮਤਲਬ { $child } ਹੈ।

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } { $date } ਨੂੰ ਬੰਦ ਹੋ ਗਈ।
   *[no] { $practice } { $date } ਨੂੰ ਬੰਦ ਹੋ ਰਹੀ ਹੈ।
}
wrote-before = ਅਸੀਂ ਪਹਿਲਾਂ ਤੁਹਾਨੂੰ ਚਿੱਠੀ ਲਿਖ ਕੇ ਕਿਸੇ ਹੋਰ GP (ਫੈਮਿਲੀ ਡਾਕਟਰ) ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਣ ਲਈ ਕਿਹਾ ਸੀ।

## 2a: allocated to a receiving practice
title-2a = ਤੁਹਾਡੀ ਨਵੀਂ GP ਪ੍ਰੈਕਟਿਸ
heading-2a = ਤੁਹਾਨੂੰ ਇੱਕ ਨਵੀਂ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਕਰ ਦਿੱਤਾ ਗਿਆ ਹੈ
reason-2a = ਸਾਡੇ ਰਿਕਾਰਡ ਮੁਤਾਬਕ ਤੁਸੀਂ ਕਿਤੇ ਹੋਰ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋਏ। ਤਾਂ ਜੋ ਤੁਸੀਂ GP ਨੂੰ ਮਿਲ ਸਕੋ, ਅਸੀਂ ਤੁਹਾਨੂੰ ਹੇਠਾਂ ਦਿੱਤੀ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਕਰ ਦਿੱਤਾ ਹੈ।
new-practice = ਤੁਹਾਡੀ ਨਵੀਂ GP ਪ੍ਰੈਕਟਿਸ
records-2a = ਤੁਹਾਡਾ ਮੈਡੀਕਲ ਰਿਕਾਰਡ ਤੁਹਾਡੀ ਨਵੀਂ ਪ੍ਰੈਕਟਿਸ ਨੂੰ ਭੇਜ ਦਿੱਤਾ ਜਾਵੇਗਾ। ਤੁਹਾਨੂੰ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਫ਼ਾਰਮ ਭਰਨ ਦੀ ਲੋੜ ਨਹੀਂ। ਅਪੌਇੰਟਮੈਂਟ ਬੁੱਕ ਕਰਨ ਜਾਂ ਆਪਣੇ ਇਲਾਜ ਬਾਰੇ ਪੁੱਛਣ ਲਈ ਪ੍ਰੈਕਟਿਸ ਨਾਲ ਸੰਪਰਕ ਕਰੋ।
choice-2a = ਤੁਹਾਡੇ ਲਈ ਇਸ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਹਿਣਾ ਜ਼ਰੂਰੀ ਨਹੀਂ। ਤੁਸੀਂ ਕਿਸੇ ਵੀ ਸਮੇਂ ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋ ਸਕਦੇ ਹੋ, ਜਾਂ ਜੇ ਤੁਸੀਂ ਕਿਸੇ GP ਕੋਲ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋਣਾ ਚਾਹੁੰਦੇ ਤਾਂ ਸਾਨੂੰ ਦੱਸੋ।

## 2b: not seen or treated for 5 years or more
title-2b = ਤੁਹਾਡੀ GP ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਖ਼ਤਮ ਹੋ ਗਈ ਹੈ
heading-2b = { $practice } ਵਿੱਚ ਤੁਹਾਡੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਖ਼ਤਮ ਹੋ ਗਈ ਹੈ
reason-2b = ਸਾਡੇ ਰਿਕਾਰਡ ਮੁਤਾਬਕ, ਤੁਸੀਂ 5 ਸਾਲ ਜਾਂ ਇਸ ਤੋਂ ਵੱਧ ਸਮੇਂ ਤੋਂ ਇਸ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਕਿਸੇ ਡਾਕਟਰ ਜਾਂ ਨਰਸ ਨੂੰ ਨਹੀਂ ਮਿਲੇ, ਅਤੇ ਨਾ ਹੀ ਉੱਥੇ ਇਲਾਜ ਕਰਵਾਇਆ ਹੈ।
ends-2b = ਪ੍ਰੈਕਟਿਸ ਬੰਦ ਹੋਣ ਨਾਲ ਤੁਹਾਡੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਖ਼ਤਮ ਹੋ ਗਈ। ਤੁਸੀਂ ਹੁਣ ਕਿਸੇ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋ, ਅਤੇ ਅਸੀਂ ਤੁਹਾਨੂੰ ਕਿਸੇ ਨਵੀਂ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਕੀਤਾ।
register-2b = ਜੇ ਤੁਹਾਨੂੰ GP ਦੀ ਲੋੜ ਹੈ, ਤਾਂ ਤੁਸੀਂ ਕਿਸੇ ਵੀ ਸਮੇਂ ਆਪਣੇ ਘਰ ਦੇ ਨੇੜੇ ਕਿਸੇ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋ ਸਕਦੇ ਹੋ।

## 2c: lives outside the area
title-2c = ਕਿਰਪਾ ਕਰਕੇ ਆਪਣੇ ਘਰ ਦੇ ਨੇੜੇ ਕਿਸੇ GP ਕੋਲ ਰਜਿਸਟਰ ਹੋਵੋ
heading-2c = ਕਿਰਪਾ ਕਰਕੇ { $days ->
    [one] { $days } ਦਿਨ
   *[other] { $days } ਦਿਨਾਂ
} ਦੇ ਅੰਦਰ ਆਪਣੇ ਘਰ ਦੇ ਨੇੜੇ ਕਿਸੇ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ
reason-2c = ਸਾਡੇ ਰਿਕਾਰਡ ਮੁਤਾਬਕ ਤੁਸੀਂ { $area } ਤੋਂ ਬਾਹਰ ਰਹਿੰਦੇ ਹੋ, ਜੋ ਇਸ ਪ੍ਰੈਕਟਿਸ ਦਾ ਇਲਾਕਾ ਸੀ, ਇਸ ਲਈ ਅਸੀਂ ਤੁਹਾਨੂੰ ਇੱਥੇ ਕਿਸੇ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਕਰ ਸਕਦੇ।
action-2c = ਕਿਰਪਾ ਕਰਕੇ ਇਸ ਚਿੱਠੀ ਦੀ ਤਾਰੀਖ਼ ਤੋਂ { $days ->
    [one] { $days } ਦਿਨ
   *[other] { $days } ਦਿਨਾਂ
} ਦੇ ਅੰਦਰ ਆਪਣੇ ਘਰ ਦੇ ਨੇੜੇ ਕਿਸੇ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ। { $days ->
    [one] { $days } ਦਿਨ
   *[other] { $days } ਦਿਨਾਂ
} ਬਾਅਦ ਤੁਹਾਡੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਖ਼ਤਮ ਹੋ ਜਾਵੇਗੀ ਅਤੇ ਤੁਸੀਂ ਕਿਸੇ ਵੀ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋਵੋਗੇ।

## Rights, finding a GP, other formats (shared)
rights-heading = NHS ਸੰਵਿਧਾਨ ਅਧੀਨ ਤੁਹਾਡੇ ਅਧਿਕਾਰ
constitution-choose = ਤੁਹਾਨੂੰ ਆਪਣੀ GP ਪ੍ਰੈਕਟਿਸ ਚੁਣਨ ਦਾ, ਅਤੇ ਉਸ ਪ੍ਰੈਕਟਿਸ ਵੱਲੋਂ ਸਵੀਕਾਰ ਕੀਤੇ ਜਾਣ ਦਾ ਅਧਿਕਾਰ ਹੈ, ਜਦੋਂ ਤੱਕ ਇਨਕਾਰ ਕਰਨ ਦੇ ਵਾਜਬ ਕਾਰਨ ਨਾ ਹੋਣ, ਜਿਸ ਸੂਰਤ ਵਿੱਚ ਤੁਹਾਨੂੰ ਉਹ ਕਾਰਨ ਦੱਸੇ ਜਾਣਗੇ।
constitution-doctor = ਤੁਹਾਨੂੰ ਆਪਣੀ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਕਿਸੇ ਖ਼ਾਸ ਡਾਕਟਰ ਨੂੰ ਦਿਖਾਉਣ ਦੀ ਤਰਜੀਹ ਦੱਸਣ ਦਾ ਅਧਿਕਾਰ ਹੈ, ਅਤੇ ਇਹ ਕਿ ਪ੍ਰੈਕਟਿਸ ਉਸ ਨੂੰ ਪੂਰਾ ਕਰਨ ਦੀ ਕੋਸ਼ਿਸ਼ ਕਰੇ।
find-gp-heading = GP ਕਿਵੇਂ ਲੱਭਣਾ ਹੈ ਅਤੇ ਰਜਿਸਟਰ ਕਿਵੇਂ ਹੋਣਾ ਹੈ
find-gp = www.nhs.uk ਉੱਤੇ "find a GP" ਲੱਭੋ, ਕੋਡ ਸਕੈਨ ਕਰੋ, ਜਾਂ NHS 111 ਨੂੰ ਫ਼ੋਨ ਕਰੋ। ਤੁਸੀਂ ਔਨਲਾਈਨ ਜਾਂ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਜਾ ਕੇ ਰਜਿਸਟਰ ਹੋ ਸਕਦੇ ਹੋ। ਰਜਿਸਟਰ ਹੋਣ ਲਈ ਪਤੇ ਦੇ ਸਬੂਤ ਜਾਂ ਪਛਾਣ-ਪੱਤਰ ਦੀ ਲੋੜ ਨਹੀਂ।
other-formats = ਜੇ ਤੁਸੀਂ ਇਹ ਚਿੱਠੀ ਕਿਸੇ ਹੋਰ ਭਾਸ਼ਾ, ਵੱਡੇ ਅੱਖਰਾਂ ਜਾਂ ਕਿਸੇ ਹੋਰ ਰੂਪ ਵਿੱਚ ਚਾਹੁੰਦੇ ਹੋ, ਜਾਂ ਕੋਈ ਸਵਾਲ ਹੈ, ਤਾਂ ਸਾਡੇ ਨਾਲ { $phone } ਜਾਂ { $email } ਉੱਤੇ ਸੰਪਰਕ ਕਰੋ ਅਤੇ ਉੱਪਰ ਦਿੱਤਾ ਹਵਾਲਾ ਦੱਸੋ।
qr-alt = QR ਕੋਡ ਜੋ { $url } ਖੋਲ੍ਹਦਾ ਹੈ

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = ਤੁਹਾਡੀ GP ਪ੍ਰੈਕਟਿਸ ਬੰਦ ਹੋ ਰਹੀ ਹੈ
heading-1 = ਕਿਰਪਾ ਕਰਕੇ ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ
reason-1 = GP ਨੂੰ ਮਿਲਦੇ ਰਹਿਣ ਲਈ, ਕਿਰਪਾ ਕਰਕੇ ਉਸ ਤਾਰੀਖ਼ ਤੋਂ ਪਹਿਲਾਂ ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ। ਤੁਸੀਂ ਆਪਣੇ ਇਲਾਕੇ ਵਿੱਚ ਮਰੀਜ਼ ਲੈਣ ਵਾਲੀ ਕੋਈ ਵੀ ਪ੍ਰੈਕਟਿਸ ਚੁਣ ਸਕਦੇ ਹੋ।
nearby-practices = ਤੁਹਾਡੇ ਨੇੜੇ ਦੀਆਂ ਇਹ ਪ੍ਰੈਕਟਿਸਾਂ ਨਵੇਂ ਮਰੀਜ਼ ਲੈ ਰਹੀਆਂ ਹਨ:
title-2 = ਯਾਦ-ਦਹਾਨੀ: ਤੁਹਾਡੀ GP ਪ੍ਰੈਕਟਿਸ ਬੰਦ ਹੋ ਰਹੀ ਹੈ
heading-2 = ਯਾਦ-ਦਹਾਨੀ: ਕਿਰਪਾ ਕਰਕੇ ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ
reason-2 = ਸਾਡੇ ਰਿਕਾਰਡ ਮੁਤਾਬਕ ਤੁਸੀਂ ਅਜੇ ਕਿਸੇ ਹੋਰ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋਏ। ਕਿਰਪਾ ਕਰਕੇ { $practice } ਦੇ ਬੰਦ ਹੋਣ ਤੋਂ ਪਹਿਲਾਂ ਰਜਿਸਟਰ ਹੋਵੋ, ਤਾਂ ਜੋ ਤੁਸੀਂ GP ਨੂੰ ਮਿਲ ਸਕੋ।
warning-2 = ਜੇ ਤੁਸੀਂ ਕਿਸੇ ਹੋਰ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਨਹੀਂ ਹੁੰਦੇ, ਅਤੇ ਸਾਨੂੰ ਇਹ ਵੀ ਨਹੀਂ ਦੱਸਦੇ ਕਿ ਤੁਸੀਂ ਕਿਸੇ GP ਕੋਲ ਰਜਿਸਟਰ ਨਹੀਂ ਹੋਣਾ ਚਾਹੁੰਦੇ, ਤਾਂ ਅਸੀਂ ਤੁਹਾਨੂੰ ਤੁਹਾਡੇ ਨੇੜੇ ਦੀ ਕਿਸੇ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਕਰ ਦੇਵਾਂਗੇ।

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } { $date } ਨੂੰ ਬੰਦ ਹੋ ਰਹੀ ਹੈ। ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ: nhs.uk ਉੱਤੇ "find a GP" ਲੱਭੋ। ਸਵਾਲ ਹੋਵੇ ਤਾਂ { $phone } ਨੂੰ ਫ਼ੋਨ ਕਰੋ।
sms-2 = ਯਾਦ-ਦਹਾਨੀ: { $practice } { $date } ਨੂੰ ਬੰਦ ਹੋ ਰਹੀ ਹੈ। ਕਿਸੇ ਹੋਰ GP ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਹੋਵੋ, ਨਹੀਂ ਤਾਂ ਅਸੀਂ ਤੁਹਾਨੂੰ ਨੇੜੇ ਦੀ ਕਿਸੇ ਪ੍ਰੈਕਟਿਸ ਵਿੱਚ ਰਜਿਸਟਰ ਕਰਾਂਗੇ। ਸਵਾਲ ਹੋਵੇ ਤਾਂ { $phone } ਨੂੰ ਫ਼ੋਨ ਕਰੋ।

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] ਤੁਹਾਡੀ GP ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਬਾਰੇ ਤੁਹਾਡੀ ਚਿੱਠੀ ਬਿਨਾਂ ਸੰਖੇਪਾਂ ਵਾਲੀ ਬ੍ਰੇਲ ਵਿੱਚ ਨਾਲ ਭੇਜੀ ਗਈ ਹੈ।
   *[two] ਤੁਹਾਡੀ GP ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਬਾਰੇ ਤੁਹਾਡੀ ਚਿੱਠੀ ਬ੍ਰੇਲ ਵਿੱਚ ਨਾਲ ਭੇਜੀ ਗਈ ਹੈ।
}
