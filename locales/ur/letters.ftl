## Every sentence a patient reads in the 2a, 2b and 2c letters, in Urdu.
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = جنوری
month-2 = فروری
month-3 = مارچ
month-4 = اپریل
month-5 = مئی
month-6 = جون
month-7 = جولائی
month-8 = اگست
month-9 = ستمبر
month-10 = اکتوبر
month-11 = نومبر
month-12 = دسمبر

## Header and reference block
label-phone = فون
label-email = ای میل
label-date = تاریخ
label-nhs-number = NHS نمبر
label-reference = ہمارا حوالہ نمبر
salutation = محترم/محترمہ { $name }
sign-off = نیک خواہشات کے ساتھ

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = { $child } کے محترم والدین یا سرپرست
child-about = یہ خط { $child } کے بارے میں ہے، جن کی عمر 16 سال سے کم ہے۔ خط میں جہاں "آپ" لکھا ہے، وہاں مراد { $child } ہے۔

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $date } کو { $practice } بند ہو گئی۔
   *[no] { $date } کو { $practice } بند ہو رہی ہے۔
}
wrote-before = ہم نے پچھلے خط میں آپ سے کسی دوسری GP (فیملی ڈاکٹر) پریکٹس میں رجسٹر ہونے کو کہا تھا۔

## 2a: allocated to a receiving practice
title-2a = آپ کی نئی GP پریکٹس
heading-2a = آپ کو ایک نئی GP پریکٹس میں رجسٹر کر دیا گیا ہے
reason-2a = ہمارے ریکارڈ کے مطابق آپ کہیں اور رجسٹر نہیں ہوئے۔ تاکہ آپ GP سے مل سکیں، ہم نے آپ کو نیچے والی پریکٹس میں رجسٹر کیا ہے۔
new-practice = آپ کی نئی GP پریکٹس
records-2a = آپ کا طبی ریکارڈ نئی پریکٹس کو بھیج دیا جائے گا۔ آپ کو رجسٹریشن فارم بھرنے کی ضرورت نہیں۔ اپوائنٹمنٹ لینے یا اپنے علاج کے بارے میں پوچھنے کے لیے پریکٹس سے رابطہ کریں۔
choice-2a = آپ کے لیے اس پریکٹس میں رہنا ضروری نہیں۔ آپ کسی بھی وقت کسی دوسری GP پریکٹس میں رجسٹر ہو سکتے ہیں، یا اگر آپ کسی GP کے پاس رجسٹر نہیں ہونا چاہتے تو ہمیں بتا دیں۔

## 2b: not seen or treated for 5 years or more
title-2b = آپ کی GP رجسٹریشن ختم ہو گئی ہے
heading-2b = { $practice } میں آپ کی رجسٹریشن ختم ہو گئی ہے
reason-2b = ہمارے ریکارڈ کے مطابق آپ نے 5 سال یا اس سے زیادہ عرصے سے اس پریکٹس میں کسی ڈاکٹر یا نرس سے ملاقات نہیں کی، اور نہ ہی وہاں علاج کروایا۔
ends-2b = پریکٹس بند ہونے پر آپ کی رجسٹریشن ختم ہو گئی۔ آپ اب کسی GP پریکٹس میں رجسٹرڈ نہیں ہیں، اور ہم نے آپ کو کسی نئی پریکٹس میں رجسٹر نہیں کیا۔
register-2b = اگر آپ کو GP کی ضرورت ہو تو آپ کسی بھی وقت اپنے گھر کے قریب کسی پریکٹس میں رجسٹر ہو سکتے ہیں۔

## 2c: lives outside the area
title-2c = براہ کرم اپنے گھر کے قریب کسی GP کے پاس رجسٹر ہوں
heading-2c = براہ کرم { $days ->
    [one] { $days } دن
   *[other] { $days } دن
} کے اندر اپنے گھر کے قریب کسی GP پریکٹس میں رجسٹر ہوں
reason-2c = ہمارے ریکارڈ کے مطابق آپ { $area } سے باہر رہتے ہیں، جو اس پریکٹس کا علاقہ تھا، اس لیے ہم آپ کو یہاں کسی پریکٹس میں رجسٹر نہیں کر سکتے۔
action-2c = براہ کرم اس خط کی تاریخ سے { $days ->
    [one] { $days } دن
   *[other] { $days } دن
} کے اندر اپنے گھر کے قریب کسی GP پریکٹس میں رجسٹر ہوں۔ { $days ->
    [one] { $days } دن
   *[other] { $days } دن
} کے بعد آپ کی رجسٹریشن ختم ہو جائے گی اور آپ کسی بھی GP پریکٹس میں رجسٹرڈ نہیں ہوں گے۔

## Rights, finding a GP, other formats (shared)
rights-heading = NHS آئین کے تحت آپ کے حقوق
constitution-choose = آپ کو اپنی GP پریکٹس کا انتخاب کرنے کا حق ہے، اور یہ حق بھی کہ وہ پریکٹس آپ کو قبول کرے، سوائے اس کے کہ انکار کی معقول وجوہات ہوں، اس صورت میں آپ کو ان وجوہات سے آگاہ کیا جائے گا۔
constitution-doctor = آپ کو یہ حق ہے کہ اپنی GP پریکٹس میں کسی خاص ڈاکٹر سے علاج کروانے کی ترجیح ظاہر کریں، اور یہ کہ پریکٹس اس پر عمل کرنے کی کوشش کرے۔
find-gp-heading = GP تلاش کرنے اور رجسٹر ہونے کا طریقہ
find-gp = www.nhs.uk پر "find a GP" تلاش کریں، کوڈ اسکین کریں، یا NHS 111 پر کال کریں۔ آپ آن لائن یا پریکٹس جا کر رجسٹر ہو سکتے ہیں۔ اس کے لیے پتے یا شناخت کا ثبوت ضروری نہیں۔
other-formats = اگر آپ یہ خط کسی دوسری زبان، بڑے حروف یا کسی اور شکل میں چاہتے ہیں، یا آپ کا کوئی سوال ہے، تو ہم سے { $phone } یا { $email } پر رابطہ کریں اور اوپر دیا گیا حوالہ نمبر بتائیں۔
qr-alt = QR کوڈ جو { $url } کھولتا ہے

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = آپ کی GP پریکٹس بند ہو رہی ہے
heading-1 = براہ کرم کسی دوسری GP پریکٹس میں رجسٹر ہوں
reason-1 = تاکہ آپ GP سے ملتے رہیں، براہ کرم اس تاریخ سے پہلے کسی دوسری GP پریکٹس میں رجسٹر ہو جائیں۔ آپ کوئی بھی ایسی پریکٹس چن سکتے ہیں جو آپ کے علاقے کے مریضوں کو قبول کرتی ہو۔
nearby-practices = آپ کے قریب یہ پریکٹسز نئے مریضوں کو قبول کر رہی ہیں:
title-2 = یاد دہانی: آپ کی GP پریکٹس بند ہو رہی ہے
heading-2 = یاد دہانی: براہ کرم کسی دوسری GP پریکٹس میں رجسٹر ہوں
reason-2 = ہمارے ریکارڈ کے مطابق آپ ابھی تک کسی دوسری پریکٹس میں رجسٹر نہیں ہوئے۔ براہ کرم { $practice } کے بند ہونے سے پہلے رجسٹر ہو جائیں، تاکہ آپ GP سے ملتے رہیں۔
warning-2 = اگر آپ کسی دوسری پریکٹس میں رجسٹر نہیں ہوتے، اور ہمیں یہ بھی نہیں بتاتے کہ آپ کسی GP کے پاس رجسٹر نہیں ہونا چاہتے، تو ہم آپ کو کسی قریبی پریکٹس میں رجسٹر کر دیں گے۔

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $date } کو { $practice } بند ہو رہی ہے۔ براہ کرم کسی دوسری GP پریکٹس میں رجسٹر ہوں: nhs.uk پر "find a GP" تلاش کریں۔ سوال ہو تو { $phone } پر کال کریں۔
sms-2 = یاد دہانی: { $date } کو { $practice } بند ہو رہی ہے۔ براہ کرم کسی دوسری GP پریکٹس میں رجسٹر ہوں، ورنہ ہم آپ کو کسی قریبی پریکٹس میں رجسٹر کر دیں گے۔ سوال ہو تو { $phone } پر کال کریں۔

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] آپ کی GP رجسٹریشن کے بارے میں آپ کا خط غیر مختصر بریل میں ساتھ منسلک ہے۔
   *[two] آپ کی GP رجسٹریشن کے بارے میں آپ کا خط بریل میں ساتھ منسلک ہے۔
}
