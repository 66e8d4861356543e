package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MentionsTest {

  private static final Set<String> MEMBERS = Set.of("ada", "bob", "c.d", "eve-2");

  private static List<String> named(String text) {
    return Mentions.named(text, "ada", MEMBERS, 10);
  }

  @Test
  void callsMembersByNameInAnyCaseOnceEach() {
    assertEquals(List.of("bob", "c.d"), named("@Bob, can you and @c.d look? @bob!"));
    assertEquals(List.of("eve-2"), named("(@eve-2)"));
  }

  @Test
  void aSentenceMayEndRightAfterAName() {
    assertEquals(List.of("bob"), named("thanks @bob."));
    assertEquals(List.of("c.d"), named("ask @c.d..."));
  }

  @Test
  void neitherStrangersNorAddressesNorTheAuthorAreMentioned() {
    assertEquals(List.of(), named("@mallory @ad bob@example.com @ada"));
    assertEquals(List.of(), named("email@bob or @@bob or a/@bob"));
  }

  @Test
  void atRoomCallsEveryOtherMemberUpToTheLimit() {
    assertEquals(List.of("bob", "c.d", "eve-2"), named("@room lunch?"));
    assertEquals(List.of("bob", "c.d", "eve-2"), named("lunch, @ROOM."));
    ServiceException tooBig = assertThrows(ServiceException.class,
        () -> Mentions.named("@room hi", "ada", MEMBERS, 3));
    assertEquals(400, tooBig.status);
  }
}
