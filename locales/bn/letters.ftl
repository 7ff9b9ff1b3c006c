## Every sentence a patient reads in the 2a, 2b and 2c letters, in Bengali (standard written Bangla).
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = জানুয়ারি
month-2 = ফেব্রুয়ারি
month-3 = মার্চ
month-4 = এপ্রিল
month-5 = মে
month-6 = জুন
month-7 = জুলাই
month-8 = আগস্ট
month-9 = সেপ্টেম্বর
month-10 = অক্টোবর
month-11 = নভেম্বর
month-12 = ডিসেম্বর

## Header and reference block
label-phone = ফোন
label-email = ইমেইল
label-date = তারিখ
label-nhs-number = NHS নম্বর
label-reference = রেফারেন্স
salutation = প্রিয় { $name }
sign-off = বিনীত

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = প্রিয় { $child }-এর মা-বাবা বা অভিভাবক
child-about = এই চিঠিটি { $child } সম্পর্কে, যার বয়স 16 বছরের কম। চিঠিতে যেখানে "আপনি" বলা হয়েছে, সেখানে { $child }-কে বোঝানো হয়েছে।

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } { $date } তারিখে বন্ধ হয়েছে।
   *[no] { $practice } { $date } তারিখে বন্ধ হবে।
}
wrote-before = অন্য একটি GP (পারিবারিক ডাক্তার) প্র্যাকটিসে রেজিস্টার করতে বলে আমরা আগে আপনাকে চিঠি দিয়েছিলাম।

## 2a: allocated to a receiving practice
title-2a = আপনার নতুন GP প্র্যাকটিস
heading-2a = আপনাকে একটি নতুন GP প্র্যাকটিসে রেজিস্টার করা হয়েছে
reason-2a = আমাদের রেকর্ড অনুযায়ী আপনি অন্য কোথাও রেজিস্টার করেননি। আপনি যাতে GP দেখাতে পারেন, সেজন্য আমরা আপনাকে নিচের প্র্যাকটিসে রেজিস্টার করেছি।
new-practice = আপনার নতুন GP প্র্যাকটিস
records-2a = আপনার মেডিকেল রেকর্ড আপনার নতুন প্র্যাকটিসে পাঠানো হবে। আপনাকে রেজিস্ট্রেশন ফর্ম পূরণ করতে হবে না। অ্যাপয়েন্টমেন্ট নিতে বা আপনার চিকিৎসা সম্পর্কে জানতে প্র্যাকটিসে যোগাযোগ করুন।
choice-2a = আপনাকে এই প্র্যাকটিসেই থাকতে হবে না। আপনি যেকোনো সময় অন্য GP প্র্যাকটিসে রেজিস্টার করতে পারেন, অথবা কোনো GP-তে রেজিস্টার থাকতে না চাইলে আমাদের জানান।

## 2b: not seen or treated for 5 years or more
title-2b = আপনার GP রেজিস্ট্রেশন শেষ হয়েছে
heading-2b = { $practice }-এ আপনার রেজিস্ট্রেশন শেষ হয়েছে
reason-2b = আমাদের রেকর্ড অনুযায়ী, 5 বছর বা তার বেশি সময় ধরে আপনি ওই প্র্যাকটিসে কোনো ডাক্তার বা নার্স দেখাননি, বা সেখানে চিকিৎসা নেননি।
ends-2b = প্র্যাকটিস বন্ধ হওয়ার সময় আপনার রেজিস্ট্রেশন শেষ হয়েছে। আপনি এখন কোনো GP প্র্যাকটিসে রেজিস্টার্ড নন, এবং আমরা আপনাকে নতুন কোনো প্র্যাকটিসে রেজিস্টার করিনি।
register-2b = GP দরকার হলে, আপনি যেকোনো সময় আপনার বাড়ির কাছের কোনো প্র্যাকটিসে রেজিস্টার করতে পারেন।

## 2c: lives outside the area
title-2c = অনুগ্রহ করে বাড়ির কাছের কোনো GP-তে রেজিস্টার করুন
heading-2c = অনুগ্রহ করে { $days ->
    [one] { $days } দিনের
   *[other] { $days } দিনের
} মধ্যে আপনার বাড়ির কাছের কোনো GP প্র্যাকটিসে রেজিস্টার করুন
reason-2c = আমাদের রেকর্ড অনুযায়ী আপনি { $area }-এর বাইরে থাকেন, যে এলাকায় প্র্যাকটিসটি সেবা দিত, তাই আমরা আপনাকে এখানকার কোনো প্র্যাকটিসে রেজিস্টার করতে পারছি না।
action-2c = অনুগ্রহ করে এই চিঠির তারিখ থেকে { $days ->
    [one] { $days } দিনের
   *[other] { $days } দিনের
} মধ্যে আপনার বাড়ির কাছের কোনো GP প্র্যাকটিসে রেজিস্টার করুন। { $days ->
    [one] { $days } দিন
   *[other] { $days } দিন
} পরে আপনার রেজিস্ট্রেশন শেষ হয়ে যাবে এবং আপনি কোনো GP প্র্যাকটিসে রেজিস্টার্ড থাকবেন না।

## Rights, finding a GP, other formats (shared)
rights-heading = NHS সংবিধানের অধীনে আপনার অধিকার
constitution-choose = আপনার GP প্র্যাকটিস বেছে নেওয়ার এবং সেই প্র্যাকটিসে গৃহীত হওয়ার অধিকার আপনার আছে, যদি না প্রত্যাখ্যানের যুক্তিসঙ্গত কারণ থাকে; সেক্ষেত্রে আপনাকে সেই কারণগুলো জানানো হবে।
constitution-doctor = আপনার GP প্র্যাকটিসে কোনো নির্দিষ্ট ডাক্তারকে দেখানোর পছন্দ জানানোর অধিকার আপনার আছে, এবং প্র্যাকটিস সেই পছন্দ রাখার চেষ্টা করবে।
find-gp-heading = কীভাবে GP খুঁজে রেজিস্টার করবেন
find-gp = www.nhs.uk-এ "find a GP" লিখে খুঁজুন, কোডটি স্ক্যান করুন, অথবা NHS 111-এ ফোন করুন। আপনি অনলাইনে বা প্র্যাকটিসে গিয়ে রেজিস্টার করতে পারেন। রেজিস্টার করতে ঠিকানার প্রমাণ বা পরিচয়পত্র লাগে না।
other-formats = এই চিঠিটি অন্য ভাষায়, বড় অক্ষরে বা অন্য কোনো ফরম্যাটে চাইলে, অথবা কোনো প্রশ্ন থাকলে, { $phone } নম্বরে বা { $email } ঠিকানায় আমাদের সাথে যোগাযোগ করুন এবং উপরের রেফারেন্সটি জানান।
qr-alt = { $url } খোলার QR কোড

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = আপনার GP প্র্যাকটিস বন্ধ হবে
heading-1 = অনুগ্রহ করে অন্য একটি GP প্র্যাকটিসে রেজিস্টার করুন
reason-1 = GP দেখানো চালিয়ে যেতে, অনুগ্রহ করে ওই তারিখের আগেই অন্য একটি GP প্র্যাকটিসে রেজিস্টার করুন। আপনার এলাকায় রোগী নেয় এমন যেকোনো প্র্যাকটিস আপনি বেছে নিতে পারেন।
nearby-practices = আপনার কাছের এই প্র্যাকটিসগুলো নতুন রোগী নিচ্ছে:
title-2 = রিমাইন্ডার: আপনার GP প্র্যাকটিস বন্ধ হবে
heading-2 = রিমাইন্ডার: অনুগ্রহ করে অন্য একটি GP প্র্যাকটিসে রেজিস্টার করুন
reason-2 = আমাদের রেকর্ড অনুযায়ী আপনি এখনও অন্য কোনো প্র্যাকটিসে রেজিস্টার করেননি। আপনি যাতে GP দেখাতে পারেন, সেজন্য অনুগ্রহ করে { $practice } বন্ধ হওয়ার আগেই রেজিস্টার করুন।
warning-2 = আপনি অন্য কোনো প্র্যাকটিসে রেজিস্টার না করলে এবং কোনো GP-তে রেজিস্টার থাকতে চান না বলে আমাদের না জানালে, আমরা আপনাকে আপনার কাছের একটি প্র্যাকটিসে রেজিস্টার করব।

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } { $date } তারিখে বন্ধ হবে। অন্য GP প্র্যাকটিসে রেজিস্টার করুন: nhs.uk-এ "find a GP" খুঁজুন। প্রশ্ন থাকলে { $phone }-এ ফোন করুন।
sms-2 = রিমাইন্ডার: { $practice } { $date } তারিখে বন্ধ হবে। অন্য GP প্র্যাকটিসে রেজিস্টার করুন, নইলে আমরা আপনাকে কাছের একটি প্র্যাকটিসে রেজিস্টার করব। প্রশ্ন থাকলে { $phone }-এ ফোন করুন।

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] আপনার GP রেজিস্ট্রেশন সম্পর্কে চিঠিটি অসংক্ষিপ্ত ব্রেইলে সংযুক্ত করা হয়েছে।
   *[two] আপনার GP রেজিস্ট্রেশন সম্পর্কে চিঠিটি ব্রেইলে সংযুক্ত করা হয়েছে।
}
