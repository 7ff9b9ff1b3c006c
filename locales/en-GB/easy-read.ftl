## The easy-read letter (English only): what a patient with a learning disability reads, for
## every cohort. One idea a sentence, short everyday words, a picture beside each point. The
## NHS Constitution's sentences are not here: the letter quotes them word for word from
## letters.ftl and explains each with the lines below them. Keep every sentence short.

## The letter's heading, one per letter.
easy-heading-2a = You have a new GP practice
easy-heading-2b = You do not have a GP practice now
easy-heading-2c = Please find a GP practice near your home
easy-heading-1 = Your GP practice is closing
easy-heading-2 = Your GP practice is closing soon

## Every letter begins with these.
easy-about = This letter is about your GP practice.
easy-about-practice = A GP practice is where you see a doctor or a nurse.
easy-closure = { $closed ->
    [yes] { $practice } closed on { $date }.
   *[no] { $practice } is closing on { $date }.
}
easy-wrote-before = We wrote to you before.
easy-asked-before = We asked you to join a new GP practice.

## Letter 2a: we registered the patient with a practice.
easy-not-joined-2a = You did not join a new GP practice.
easy-registered-2a = So we have signed you up with a new GP practice.
easy-new-practice-2a = This is your new GP practice:
easy-records-2a = Your medical records will go to your new GP practice.
easy-no-form-2a = You do not need to fill in a form.
easy-book-2a = Call your new GP practice when you need to see a doctor or a nurse.
easy-change-2a = You can change to a different GP practice at any time.
easy-no-gp-2a = You can tell us if you do not want a GP.

## Letter 2b: not seen for 5 years; the registration has ended.
easy-not-seen-2b = You have not seen a doctor or a nurse at { $practice } for 5 years or more.
easy-ended-2b = So you are not signed up with that practice any more.
easy-no-practice-2b = You do not have a GP practice now.
easy-register-2b = If you need a GP, you can join a GP practice near your home at any time.

## Letter 2c: lives outside the area.
easy-outside-2c = You live outside { $area }.
easy-cannot-2c = So we cannot sign you up with a GP practice here.
easy-action-2c = Please join a GP practice near your home in the next { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
easy-ends-2c = If you do not, you will not have a GP practice after { $days ->
    [one] { $days } day
   *[other] { $days } days
}.

## Letters 1 and 2, before the closure.
easy-not-yet-2 = You have not joined a new GP practice yet.
easy-register-1 = Please join a new GP practice before then.
easy-choose-1 = You can choose any GP practice near you that takes new patients.
easy-nearby-heading = GP practices near you
easy-nearby = These GP practices take new patients:
easy-warning-2 = If you do not join a new GP practice, we will sign you up with one near you.
easy-no-gp-2 = Tell us if you do not want a GP.

## Your rights: the NHS Constitution's sentences, each followed by what it means.
easy-rights-heading = Your rights
easy-rights-intro = The NHS Constitution says what you can expect from the NHS. It says:
easy-choose-means-1 = This means you can choose your GP practice.
easy-choose-means-2 = The practice must say yes, unless it has a good reason to say no.
easy-choose-means-3 = If the practice says no, it must tell you why.
easy-doctor-means-1 = This means you can ask to see a doctor you choose at your GP practice.
easy-doctor-means-2 = The practice will try to do this.

## How to find a GP practice.
easy-find-heading = How to find a GP practice
easy-find-web = Go to www.nhs.uk and search for "find a GP".
easy-find-qr = Or scan this code with the camera on your phone.
easy-find-call = Or call NHS 111.
easy-join = You can join a GP practice online or at the practice.
easy-no-id = You do not need to show ID or proof of your address.

## Questions.
easy-questions-heading = Questions
easy-questions-call = If you have questions, call us on { $phone }.
easy-questions-email = Or email us at { $email }.
easy-reference = Tell us the reference at the top of this letter.
easy-other-formats = You can ask us for this letter in another language or format.

## Each picture's alternative text, read out by screen readers.
easy-picture-letter = Picture of a letter
easy-picture-practice = Picture of a GP practice building
easy-picture-doctor = Picture of a doctor
easy-picture-calendar = Picture of a calendar
easy-picture-phone = Picture of a phone
easy-picture-house = Picture of a house
easy-picture-tick = Picture of a tick
easy-picture-cross = Picture of a cross
easy-picture-records = Picture of a folder of medical records
easy-picture-search = Picture of a magnifying glass
easy-picture-rights = Picture of a book of rights
easy-picture-choice = Picture of a signpost pointing two ways
easy-picture-question = Picture of a question mark
