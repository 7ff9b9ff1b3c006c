## Every sentence a patient reads in the 2a, 2b and 2c letters, in Arabic (Modern Standard).
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## Header and reference block
label-phone = الهاتف
label-email = البريد
label-date = التاريخ
label-nhs-number = رقم NHS
label-reference = الرقم المرجعي
salutation = عزيزي/عزيزتي { $name }
sign-off = مع خالص التحية

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = عزيزي/عزيزتي ولي أمر { $child } أو الوصي عليه
child-about = تتعلق هذه الرسالة بـ { $child }، وعمره أقل من 16 عامًا. حيثما تقول الرسالة "أنت"، فالمقصود هو { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] تم إغلاق { $practice } في { $date }.
   *[no] سيتم إغلاق { $practice } في { $date }.
}
wrote-before = راسلناك سابقًا لنطلب منك التسجيل في عيادة طبيب عام (GP) أخرى.

## 2a: allocated to a receiving practice
title-2a = عيادة GP الجديدة
heading-2a = تم تسجيلك في عيادة GP جديدة
reason-2a = تُظهر سجلاتنا أنك لم تسجل في أي مكان آخر. لكي تتمكن من مراجعة GP، سجلناك في العيادة أدناه.
new-practice = عيادة GP الجديدة
records-2a = ستُرسل سجلاتك الطبية إلى عيادتك الجديدة. لا حاجة لملء استمارة تسجيل. اتصل بالعيادة لحجز موعد أو للسؤال عن رعايتك.
choice-2a = لست ملزمًا بالبقاء في هذه العيادة. يمكنك التسجيل في عيادة GP أخرى في أي وقت، أو إبلاغنا إن كنت لا تريد التسجيل لدى أي GP.

## 2b: not seen or treated for 5 years or more
title-2b = انتهى تسجيلك لدى GP
heading-2b = انتهى تسجيلك في { $practice }
reason-2b = تُظهر سجلاتنا أنك لم تراجع طبيبًا أو ممرضًا في العيادة، ولم تتلق علاجًا فيها، منذ 5 سنوات أو أكثر.
ends-2b = انتهى تسجيلك عند إغلاق العيادة. أنت الآن غير مسجل في أي عيادة GP، ولم نسجلك في عيادة جديدة.
register-2b = إذا احتجت إلى GP، يمكنك التسجيل في عيادة قريبة من منزلك في أي وقت.

## 2c: lives outside the area
title-2c = يرجى التسجيل لدى GP قريب من منزلك
heading-2c = يرجى التسجيل في عيادة GP قريبة من منزلك خلال { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}
reason-2c = تُظهر سجلاتنا أنك تسكن خارج { $area }، وهي المنطقة التي كانت تخدمها العيادة، لذلك لا يمكننا تسجيلك في عيادة هنا.
action-2c = يرجى التسجيل في عيادة GP قريبة من منزلك خلال { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
} من تاريخ هذه الرسالة. بعد { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
} سينتهي تسجيلك ولن تكون مسجلًا في أي عيادة GP.

## Rights, finding a GP, other formats (shared)
rights-heading = حقوقك بموجب دستور NHS
constitution-choose = لك الحق في اختيار عيادة GP الخاصة بك، وفي أن تقبلك تلك العيادة ما لم توجد أسباب معقولة للرفض، وفي هذه الحالة ستبلغ بتلك الأسباب.
constitution-doctor = لك الحق في التعبير عن رغبتك في مراجعة طبيب معين في عيادة GP الخاصة بك، وفي أن تسعى العيادة إلى تلبيتها.
find-gp-heading = كيف تجد GP وتسجل لديه
find-gp = ابحث عن "find a GP" على www.nhs.uk، أو امسح الرمز، أو اتصل بخدمة NHS 111. يمكنك التسجيل عبر الإنترنت أو في العيادة. لا تحتاج إلى إثبات عنوان أو هوية للتسجيل.
other-formats = إذا رغبت في الحصول على هذه الرسالة بلغة أخرى أو بخط كبير أو بصيغة أخرى، أو كانت لديك أي أسئلة، فاتصل بنا على { $phone } أو راسلنا على { $email } واذكر الرقم المرجعي أعلاه.
qr-alt = رمز QR يفتح { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = سيتم إغلاق عيادة GP الخاصة بك
heading-1 = يرجى التسجيل في عيادة GP أخرى
reason-1 = لكي تستمر في مراجعة GP، يرجى التسجيل في عيادة GP أخرى قبل ذلك التاريخ. يمكنك اختيار أي عيادة تقبل المرضى في المنطقة التي تسكن فيها.
nearby-practices = هذه العيادات القريبة منك تقبل مرضى جددًا:
title-2 = تذكير: سيتم إغلاق عيادة GP الخاصة بك
heading-2 = تذكير: يرجى التسجيل في عيادة GP أخرى
reason-2 = تُظهر سجلاتنا أنك لم تسجل في عيادة أخرى بعد. يرجى التسجيل قبل إغلاق { $practice }، لكي تتمكن من مراجعة GP.
warning-2 = إذا لم تسجل في عيادة أخرى، ولم تبلغنا بأنك لا تريد التسجيل لدى أي GP، فسنسجلك في عيادة قريبة منك.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = سيتم إغلاق { $practice } في { $date }. يرجى التسجيل في عيادة GP أخرى: ابحث عن "find a GP" على nhs.uk. للاستفسار اتصل على { $phone }.
sms-2 = تذكير: سيتم إغلاق { $practice } في { $date }. يرجى التسجيل في عيادة GP أخرى، وإلا فسنسجلك في عيادة قريبة منك. للاستفسار اتصل على { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] رسالتك بخصوص تسجيلك لدى GP مرفقة بطريقة برايل غير المختصرة.
   *[two] رسالتك بخصوص تسجيلك لدى GP مرفقة بطريقة برايل.
}
