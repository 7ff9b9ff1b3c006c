## Every sentence a patient reads in the 2a, 2b and 2c letters, in Simplified Chinese.
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $year }年{ $month }{ $day }日
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

## Header and reference block
label-phone = 电话
label-email = 电子邮件
label-date = 日期
label-nhs-number = NHS 号码
label-reference = 参考编号
salutation = 尊敬的 { $name }
sign-off = 此致敬礼

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = 尊敬的 { $child } 的家长或监护人
child-about = 本信涉及未满 16 岁的 { $child } 在 GP 的登记事宜，收信人是其家长或监护人。信中所说的“您”，是指 { $child }。

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } 已于 { $date } 关闭。
   *[no] { $practice } 将于 { $date } 关闭。
}
wrote-before = 我们之前曾写信请您到另一家 GP（家庭医生）诊所登记。

## 2a: allocated to a receiving practice
title-2a = 您的新 GP 诊所
heading-2a = 您已被登记到一家新的 GP 诊所
reason-2a = 我们的记录显示，您没有在其他地方登记。为了让您仍能看 GP，我们已为您在下面这家诊所登记。
new-practice = 您的新 GP 诊所
records-2a = 您的病历将转到您的新诊所。您无需填写登记表。如需预约或咨询您的医疗护理，请联系该诊所。
choice-2a = 您不必留在这家诊所。您可以随时到其他 GP 诊所登记；如果您不想在任何 GP 处登记，也可以告诉我们。

## 2b: not seen or treated for 5 years or more
title-2b = 您的 GP 登记已终止
heading-2b = 您在 { $practice } 的登记已终止
reason-2b = 我们的记录显示，您已有 5 年或更长时间没有在该诊所看过医生或护士，也没有在那里接受过治疗。
ends-2b = 诊所关闭时，您的登记已终止。您目前没有在任何 GP 诊所登记，我们也没有为您登记新的诊所。
register-2b = 如果您需要 GP，可以随时到您家附近的诊所登记。

## 2c: lives outside the area
title-2c = 请到您家附近的 GP 登记
heading-2c = 请在 { $days ->
   *[other] { $days } 天
}内到您家附近的 GP 诊所登记
reason-2c = 我们的记录显示，您居住在该诊所服务的地区（{ $area }）以外，因此我们无法在这里为您登记诊所。
action-2c = 请在本信日期起 { $days ->
   *[other] { $days } 天
}内到您家附近的 GP 诊所登记。{ $days ->
   *[other] { $days } 天
}后，您的登记将终止，您将不在任何 GP 诊所登记。

## Rights, finding a GP, other formats (shared)
rights-heading = 您在《NHS 宪章》下的权利
constitution-choose = 您有权选择您的 GP 诊所，并有权被该诊所接收，除非该诊所有合理理由拒绝，在这种情况下，您将被告知拒绝的理由。
constitution-doctor = 您有权表示希望由您 GP 诊所中的某位特定医生为您看病，并有权要求诊所尽量满足这一意愿。
find-gp-heading = 如何找到 GP 并登记
find-gp = 请在 www.nhs.uk 上搜索“find a GP”，扫描二维码，或拨打 NHS 111。您可以在网上或到诊所登记。登记时无需提供地址证明或身份证件。
other-formats = 如果您需要本信的其他语言版本、大字版或其他格式，或有任何问题，请致电 { $phone } 或发送电子邮件至 { $email } 联系我们，并提供上方的参考编号。
qr-alt = 打开 { $url } 的二维码

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = 您的 GP 诊所即将关闭
heading-1 = 请到另一家 GP 诊所登记
reason-1 = 为了继续看 GP，请在此日期前到另一家 GP 诊所登记。您可以选择您所在地区任何一家接收病人的诊所。
nearby-practices = 您附近的以下诊所正在接收新病人：
title-2 = 提醒：您的 GP 诊所即将关闭
heading-2 = 提醒：请到另一家 GP 诊所登记
reason-2 = 我们的记录显示，您还没有到其他诊所登记。为了让您仍能看 GP，请在 { $practice } 关闭前登记。
warning-2 = 如果您没有到其他诊所登记，也没有告诉我们您不想在 GP 处登记，我们将为您登记一家您附近的诊所。

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } 将于 { $date } 关闭。请到另一家 GP 诊所登记：在 nhs.uk 上搜索“find a GP”。如有问题，请致电 { $phone }。
sms-2 = 提醒：{ $practice } 将于 { $date } 关闭。请到另一家 GP 诊所登记，否则我们将为您登记一家您附近的诊所。如有问题，请致电 { $phone }。

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] 随函附上关于您 GP 登记的信件（非缩写盲文版）。
   *[two] 随函附上关于您 GP 登记的信件（盲文版）。
}
