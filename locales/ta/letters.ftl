## Every sentence a patient reads in the 2a, 2b and 2c letters, in Tamil.
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = ஜனவரி
month-2 = பிப்ரவரி
month-3 = மார்ச்
month-4 = ஏப்ரல்
month-5 = மே
month-6 = ஜூன்
month-7 = ஜூலை
month-8 = ஆகஸ்ட்
month-9 = செப்டம்பர்
month-10 = அக்டோபர்
month-11 = நவம்பர்
month-12 = டிசம்பர்

## Header and reference block
label-phone = தொலைபேசி
label-email = மின்னஞ்சல்
label-date = தேதி
label-nhs-number = NHS எண்
label-reference = குறிப்பு எண்
salutation = அன்புள்ள { $name }
sign-off = தங்கள் உண்மையுள்ள

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = { $child } அவர்களின் அன்புள்ள பெற்றோர் அல்லது பாதுகாவலர்
child-about = இந்தக் கடிதம் 16 வயதுக்குட்பட்ட { $child } பற்றியது. கடிதத்தில் "நீங்கள்" என்று வரும் இடங்களில் { $child } என்று பொருள்.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } { $date } அன்று மூடப்பட்டது.
   *[no] { $practice } { $date } அன்று மூடப்படுகிறது.
}
wrote-before = வேறு GP (குடும்ப மருத்துவர்) நிலையத்தில் பதிவுசெய்யுமாறு முன்பே எழுதியிருந்தோம்.

## 2a: allocated to a receiving practice
title-2a = உங்கள் புதிய GP நிலையம்
heading-2a = புதிய GP நிலையத்தில் உங்களைப் பதிவுசெய்துள்ளோம்
reason-2a = எங்கள் பதிவுகளின்படி நீங்கள் வேறு எங்கும் பதிவுசெய்யவில்லை. GP-யைப் பார்க்க வசதியாக, கீழுள்ள நிலையத்தில் உங்களைப் பதிவுசெய்துள்ளோம்.
new-practice = உங்கள் புதிய GP நிலையம்
records-2a = உங்கள் மருத்துவப் பதிவுகள் புதிய நிலையத்துக்கு அனுப்பப்படும். பதிவுப் படிவம் தேவையில்லை. சந்திப்பு பெற அல்லது சிகிச்சை பற்றிக் கேட்க நிலையத்தைத் தொடர்புகொள்ளுங்கள்.
choice-2a = இந்த நிலையத்திலேயே தொடர வேண்டியதில்லை. எப்போதும் வேறு GP-யிடம் பதிவுசெய்யலாம்; GP பதிவே வேண்டாமெனில் எங்களிடம் சொல்லுங்கள்.

## 2b: not seen or treated for 5 years or more
title-2b = உங்கள் GP பதிவு முடிந்துவிட்டது
heading-2b = { $practice }-இல் உங்கள் பதிவு முடிந்துவிட்டது
reason-2b = எங்கள் பதிவுகளின்படி, 5 ஆண்டுகளோ அதற்கு மேலோ நீங்கள் அங்கு மருத்துவரையோ செவிலியரையோ பார்க்கவில்லை, சிகிச்சையும் பெறவில்லை.
ends-2b = நிலையம் மூடியபோது உங்கள் பதிவு முடிந்தது. இப்போது நீங்கள் எந்த GP-யிடமும் பதிவில் இல்லை; புதிய நிலையத்தில் நாங்கள் உங்களைப் பதிவுசெய்யவும் இல்லை.
register-2b = GP தேவைப்பட்டால், எப்போது வேண்டுமானாலும் வீட்டருகே உள்ள நிலையத்தில் பதிவுசெய்யலாம்.

## 2c: lives outside the area
title-2c = வீட்டருகே உள்ள GP-யிடம் பதிவுசெய்யுங்கள்
heading-2c = { $days ->
    [one] { $days } நாளுக்குள்
   *[other] { $days } நாட்களுக்குள்
} வீட்டருகே உள்ள GP நிலையத்தில் பதிவுசெய்யுங்கள்
reason-2c = எங்கள் பதிவுகளின்படி, நிலையம் சேவை செய்த { $area } பகுதிக்கு வெளியே நீங்கள் வசிக்கிறீர்கள். எனவே இங்கு உங்களைப் பதிவுசெய்ய முடியாது.
action-2c = இக்கடிதத்தின் தேதியிலிருந்து { $days ->
    [one] { $days } நாளுக்குள்
   *[other] { $days } நாட்களுக்குள்
} வீட்டருகே உள்ள GP நிலையத்தில் பதிவுசெய்யுங்கள். { $days ->
    [one] { $days } நாளுக்குப்
   *[other] { $days } நாட்களுக்குப்
} பிறகு உங்கள் பதிவு முடிந்துவிடும்; நீங்கள் எந்த GP நிலையத்திலும் பதிவில் இருக்க மாட்டீர்கள்.

## Rights, finding a GP, other formats (shared)
rights-heading = NHS அரசியலமைப்பின் கீழ் உங்கள் உரிமைகள்
constitution-choose = உங்கள் GP நிலையத்தைத் தேர்ந்தெடுக்கவும், மறுக்க நியாயமான காரணம் இல்லாவிட்டால் அந்த நிலையம் உங்களை ஏற்கவும் உங்களுக்கு உரிமை உண்டு; மறுத்தால், காரணங்கள் உங்களுக்குத் தெரிவிக்கப்படும்.
constitution-doctor = உங்கள் GP நிலையத்தில் குறிப்பிட்ட மருத்துவரைப் பார்க்க விருப்பம் கூறவும், அதை நிறைவேற்ற நிலையம் முயலவும் உங்களுக்கு உரிமை உண்டு.
find-gp-heading = GP-யைக் கண்டறிந்து பதிவுசெய்வது எப்படி
find-gp = www.nhs.uk-இல் "find a GP" எனத் தேடுங்கள், QR குறியீட்டை ஸ்கேன் செய்யுங்கள் அல்லது NHS 111-ஐ அழையுங்கள். இணையத்திலோ நிலையத்திலோ பதிவுசெய்யலாம். முகவரிச் சான்றோ அடையாள அட்டையோ தேவையில்லை.
other-formats = இக்கடிதம் வேறு மொழி, பெரிய எழுத்து அல்லது வேறு வடிவத்தில் தேவையெனில், அல்லது கேள்விகள் இருப்பின், மேலுள்ள குறிப்புடன் { $phone } அல்லது { $email } மூலம் தொடர்புகொள்ளுங்கள்.
qr-alt = { $url }-ஐத் திறக்கும் QR குறியீடு

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = உங்கள் GP நிலையம் மூடப்படுகிறது
heading-1 = வேறு GP நிலையத்தில் பதிவுசெய்யுங்கள்
reason-1 = தொடர்ந்து GP-யைப் பார்க்க, அந்தத் தேதிக்கு முன் வேறு GP நிலையத்தில் பதிவுசெய்யுங்கள். உங்கள் பகுதியில் நோயாளிகளை ஏற்கும் எந்த நிலையத்தையும் தேர்ந்தெடுக்கலாம்.
nearby-practices = அருகிலுள்ள இந்த நிலையங்கள் புதிய நோயாளிகளை ஏற்கின்றன:
title-2 = நினைவூட்டல்: உங்கள் GP நிலையம் மூடப்படுகிறது
heading-2 = நினைவூட்டல்: வேறு GP நிலையத்தில் பதிவுசெய்யுங்கள்
reason-2 = எங்கள் பதிவுகளின்படி நீங்கள் இன்னும் வேறு நிலையத்தில் பதிவுசெய்யவில்லை. { $practice } மூடப்படுவதற்கு முன் பதிவுசெய்யுங்கள்.
warning-2 = நீங்கள் வேறு நிலையத்தில் பதிவுசெய்யாமலும், GP பதிவே வேண்டாமென எங்களிடம் சொல்லாமலும் இருந்தால், உங்களுக்கு அருகிலுள்ள ஒரு நிலையத்தில் உங்களைப் பதிவுசெய்வோம்.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } { $date } அன்று மூடப்படுகிறது. வேறு GP நிலையத்தில் பதிவுசெய்யுங்கள்: nhs.uk-இல் "find a GP" எனத் தேடுங்கள். கேள்விகளுக்கு { $phone }-ஐ அழையுங்கள்.
sms-2 = நினைவூட்டல்: { $practice } { $date } அன்று மூடப்படுகிறது. வேறு GP நிலையத்தில் பதிவுசெய்யுங்கள்; இல்லையெனில் அருகிலுள்ள நிலையத்தில் உங்களைப் பதிவுசெய்வோம். கேள்விகளுக்கு { $phone }-ஐ அழையுங்கள்.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] உங்கள் GP பதிவு பற்றிய கடிதம் சுருக்கமில்லாத பிரெய்லியில் இணைக்கப்பட்டுள்ளது.
   *[two] உங்கள் GP பதிவு பற்றிய கடிதம் பிரெய்லியில் இணைக்கப்பட்டுள்ளது.
}
